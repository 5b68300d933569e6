package dev.lessor;

import dev.lessor.store.LeaseRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A durable in-memory store that batches activations as a database store does, with the batch in
 * the test's hands: an activation is held until the test {@link #storeHeld stores} it, {@link
 * #loseHeld loses} it (the process died before its batch committed), or makes it fail. Thread-safe.
 */
final class DeferringStore extends DurableMemoryStore {
  private final List<Held> held = new ArrayList<>(); // guarded by this
  private int failuresLeft; // guarded by this
  private boolean storeAtOnce; // guarded by this

  private record Held(LeaseRecord pending, CompletableFuture<Optional<LeaseRecord>> future) {}

  @Override
  public boolean batchesActivation() {
    return true;
  }

  @Override
  public CompletableFuture<Optional<LeaseRecord>> activateLater(LeaseRecord pending) {
    boolean now;
    synchronized (this) {
      if (failuresLeft > 0) {
        failuresLeft--;
        return CompletableFuture.failedFuture(
            new UpstreamException("the batch was lost", "BatchLost", true, null));
      }
      now = storeAtOnce;
      if (!now) {
        CompletableFuture<Optional<LeaseRecord>> future = new CompletableFuture<>();
        held.add(new Held(pending, future));
        return future;
      }
    }
    return CompletableFuture.completedFuture(activate(pending));
  }

  /** Makes the next {@code count} activations fail as a lost batch does. */
  synchronized DeferringStore failNext(int count) {
    failuresLeft = count;
    return this;
  }

  /** Stores activations as they come (after the failures asked for), holding none. */
  synchronized DeferringStore storeAtOnce() {
    storeAtOnce = true;
    return this;
  }

  /** How many activations are held. */
  synchronized int held() {
    return held.size();
  }

  /** Stores the held activations, as a batch commit does, and completes them. */
  void storeHeld() {
    for (Held h : take()) {
      h.future().complete(activate(h.pending()));
    }
  }

  /** Drops the held activations unwritten and never completes them: the process died. */
  void loseHeld() {
    take();
  }

  private synchronized List<Held> take() {
    List<Held> out = List.copyOf(held);
    held.clear();
    return out;
  }
}
