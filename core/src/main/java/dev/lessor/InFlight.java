package dev.lessor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The leases whose revocation runs in this process now, shared by the revocation loop and the
 * explicit revocations, so that one lease's revocation never runs twice at once here (it would
 * double the provider's load exactly when it is slow). Thread-safe.
 */
final class InFlight {
  // Sized for the revocation concurrency, so that the ids of the revocations running at once
  // rarely share a bin: a bin's lock held by a descheduled thread stalls every thread hashing
  // there.
  private final ConcurrentHashMap<String, CompletableFuture<Void>> running =
      new ConcurrentHashMap<>(1024);

  /** Starts the revocation of lease {@code id}; null when one runs already. */
  Ticket tryStart(String id) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    return running.putIfAbsent(id, done) == null ? new Ticket(id, done) : null;
  }

  /**
   * Waits, up to {@code bound}, for the revocation of {@code id} that runs now, if one does.
   *
   * @throws LessorException (retryable) if it still runs after the bound
   */
  void awaitRunning(String id, Duration bound) {
    CompletableFuture<Void> done = running.get(id);
    if (done == null) {
      return;
    }
    try {
      done.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new LessorException(
          "the revocation of lease " + id + " that runs already did not end within " + bound,
          null,
          true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LessorException(
          "interrupted while waiting for the revocation of lease " + id, e, true);
    } catch (ExecutionException e) {
      // never completed exceptionally
    }
  }

  /** How many revocations run now. */
  int size() {
    return running.size();
  }

  /** Marks a running revocation; closing it ends the mark and wakes whoever waits for it. */
  final class Ticket implements AutoCloseable {
    private final String id;
    private final CompletableFuture<Void> done;

    private Ticket(String id, CompletableFuture<Void> done) {
      this.id = id;
      this.done = done;
    }

    @Override
    public void close() {
      running.remove(id, done);
      done.complete(null);
    }
  }
}
