package dev.lessor.jdbc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The writes waiting for the {@link GroupCommitter}'s next batch, oldest first, and which of them
 * that batch takes: everything (up to the batch limit) when the committer's own thread or close
 * flushes; for a waiting writer's batch, the waited writes, and the deferred ones only once {@code
 * carryAt} of them are queued or the oldest has waited {@code carryAfter} nanoseconds. Not
 * thread-safe: used under the committer's lock.
 */
final class CommitQueue {
  private final ArrayDeque<CommitWork<?>> works = new ArrayDeque<>();
  private final int maxBatch;
  private final int carryAt;
  private final long carryAfter;

  CommitQueue(int maxBatch, int carryAt, long carryAfter) {
    this.maxBatch = maxBatch;
    this.carryAt = carryAt;
    this.carryAfter = carryAfter;
  }

  void add(CommitWork<?> work) {
    works.add(work);
  }

  boolean isEmpty() {
    return works.isEmpty();
  }

  int size() {
    return works.size();
  }

  /** When the oldest write was queued; the queue must not be empty. */
  long oldestQueuedAt() {
    return works.element().queuedAt;
  }

  /**
   * Takes the next batch out of the queue, in queue order.
   *
   * @param everything whether deferred writes go too, however few and young they are
   * @param now the time on the scale of {@link CommitWork#queuedAt}
   */
  List<CommitWork<?>> nextBatch(boolean everything, long now) {
    boolean carry = everything || carriesDeferred(now);
    List<CommitWork<?>> batch = new ArrayList<>();
    for (Iterator<CommitWork<?>> it = works.iterator(); it.hasNext() && batch.size() < maxBatch; ) {
      CommitWork<?> work = it.next();
      if (carry || !work.deferred()) {
        it.remove();
        batch.add(work);
      }
    }
    return batch;
  }

  private boolean carriesDeferred(long now) {
    int deferred = 0;
    long oldest = 0;
    for (CommitWork<?> work : works) {
      if (work.deferred() && deferred++ == 0) {
        oldest = work.queuedAt;
      }
    }
    return deferred >= carryAt || deferred > 0 && now - oldest >= carryAfter;
  }
}
