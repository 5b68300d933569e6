package dev.lessor;

import dev.lessor.spi.LeaseRecord;
import dev.lessor.spi.LeaseStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Revokes many leases at once (a prefix, a mount, everything on close) on the revocation workers,
 * within the slots and rate of {@link RevocationCapacity} that the loop uses too. The caller's
 * thread hands the leases over one slot at a time and waits for the outcomes. Each lease goes
 * through {@link Revoker#revokeNow}, so a failure is recorded for the retry path and a lease is
 * never revoked twice at once. Thread-safe.
 */
final class BulkRevocation {
  /** A bound far enough away to mean none. */
  static final long NO_DEADLINE = Long.MAX_VALUE;

  private final LeaseStore store;
  private final Revoker revoker;
  private final Executor workers;
  private final RevocationCapacity capacity;

  BulkRevocation(LeaseStore store, Revoker revoker, Executor workers, RevocationCapacity capacity) {
    this.store = store;
    this.revoker = revoker;
    this.workers = workers;
    this.capacity = capacity;
  }

  /**
   * What became of the leases.
   *
   * @param revoked how many were revoked
   * @param failed the leases whose revocation failed (now on the retry path), with the error
   * @param unfinished the leases not revoked when the deadline passed
   */
  record Result(int revoked, Map<String, LessorException> failed, List<String> unfinished) {}

  /**
   * Revokes the leases with these ids (those gone meanwhile are skipped).
   *
   * @param deadlineNanos when to stop waiting, on {@link System#nanoTime()}, or {@link
   *     #NO_DEADLINE}
   */
  Result revoke(List<String> ids, long deadlineNanos) {
    Map<String, CompletableFuture<LessorException>> outcomes = new LinkedHashMap<>();
    List<String> unfinished = new ArrayList<>();
    for (String id : ids) {
      if (!takeSlot(deadlineNanos)) {
        unfinished.addAll(ids.subList(ids.indexOf(id), ids.size()));
        break;
      }
      CompletableFuture<LessorException> outcome = new CompletableFuture<>();
      outcomes.put(id, outcome);
      Runnable task = () -> revokeOne(id, outcome);
      try {
        workers.execute(task);
      } catch (RejectedExecutionException e) {
        task.run(); // the workers are shutting down: the caller's thread does it
      }
    }
    int revoked = 0;
    Map<String, LessorException> failed = new LinkedHashMap<>();
    for (Map.Entry<String, CompletableFuture<LessorException>> entry : outcomes.entrySet()) {
      Optional<LessorException> error = await(entry.getValue(), deadlineNanos);
      if (error == null) {
        unfinished.add(entry.getKey());
      } else if (error.isPresent()) {
        failed.put(entry.getKey(), error.get());
      } else {
        revoked++;
      }
    }
    return new Result(revoked, failed, unfinished);
  }

  private void revokeOne(String id, CompletableFuture<LessorException> outcome) {
    try {
      Optional<LeaseRecord> record = store.get(id);
      if (record.isPresent()) {
        revoker.revokeNow(record.get());
      }
      outcome.complete(null);
    } catch (LessorException e) {
      outcome.complete(e);
    } catch (Throwable e) { // an Error too: the caller must hear of it, not wait forever
      outcome.complete(
          new LessorException(
              "revocation of lease " + id + " failed: " + Failures.describe(e), e, true));
    } finally {
      capacity.release();
    }
  }

  private boolean takeSlot(long deadlineNanos) {
    try {
      return capacity.take(deadline(deadlineNanos));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The error, empty for success, or null when the deadline passed first. */
  private static Optional<LessorException> await(
      CompletableFuture<LessorException> outcome, long deadlineNanos) {
    try {
      LessorException error =
          deadlineNanos == NO_DEADLINE
              ? outcome.get()
              : outcome.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
      return Optional.ofNullable(error);
    } catch (TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException e) {
      throw new IllegalStateException("never completed exceptionally", e);
    }
  }

  private static long deadline(long deadlineNanos) {
    return deadlineNanos == NO_DEADLINE
        ? System.nanoTime() + TimeUnit.DAYS.toNanos(3650)
        : deadlineNanos;
  }
}
