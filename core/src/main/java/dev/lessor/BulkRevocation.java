package dev.lessor;

import dev.lessor.spi.LeaseRecord;
import dev.lessor.spi.LeaseStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Revokes many leases at once (a prefix, a mount, everything on close) on the revocation workers,
 * within the slots and rate of {@link RevocationCapacity} that the loop uses too. Each lease goes
 * through {@link Revoker#revokeNow}, so a failure is recorded for the retry path and a lease is
 * never revoked twice at once. Thread-safe.
 *
 * <p>The caller's thread walks the leases once ({@link LeaseStore#scan} for a prefix: no sorted
 * list of ids, no second lookup) and hands them over in chunks through a bounded queue to drainer
 * tasks on the workers. Each drainer holds one slot while it runs and takes a rate token per lease,
 * so at most as many revocations run at once as there are slots. Drainers are started as the queue
 * fills, one slot at a time; chunks start at one lease and grow to {@value #MAX_CHUNK} as the walk
 * goes on, so that a few slow leases still run side by side while a million cost few hand-overs.
 */
final class BulkRevocation {
  /** A bound far enough away to mean none. */
  static final long NO_DEADLINE = Long.MAX_VALUE;

  private static final int MAX_CHUNK = 64;
  private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final LeaseStore store;
  private final Revoker revoker;
  private final Executor workers;
  private final RevocationCapacity capacity;
  private final int concurrency;

  BulkRevocation(
      LeaseStore store,
      Revoker revoker,
      Executor workers,
      RevocationCapacity capacity,
      int concurrency) {
    this.store = store;
    this.revoker = revoker;
    this.workers = workers;
    this.capacity = capacity;
    this.concurrency = concurrency;
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
    Run run = new Run(deadlineNanos);
    for (int i = 0; i < ids.size(); i++) {
      if (!run.offer(ids.get(i))) {
        run.unfinished.addAll(ids.subList(i, ids.size()));
        break;
      }
    }
    return run.finish();
  }

  /** Revokes every lease whose id starts with {@code prefix}, walking the store once. */
  Result revokePrefix(String prefix) {
    Run run = new Run(NO_DEADLINE);
    store.scan(prefix, (Consumer<LeaseRecord>) run::offer);
    return run.finish();
  }

  /** One bulk revocation: the walk on the caller's thread, and its drainers. */
  private final class Run {
    private final long deadlineNanos;
    private final ArrayBlockingQueue<Object[]> queue;
    private final AtomicInteger drainers = new AtomicInteger();
    private final AtomicInteger revoked = new AtomicInteger();
    private final ConcurrentLinkedQueue<Map.Entry<String, LessorException>> failed =
        new ConcurrentLinkedQueue<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final List<String> unfinished =
        java.util.Collections.synchronizedList(new ArrayList<>());
    private boolean inline; // the workers refused: the caller's thread revokes
    private Object[] chunk = new Object[1];
    private int filled;
    private int offered;
    private boolean stopped;

    Run(long deadlineNanos) {
      this.deadlineNanos = deadlineNanos;
      this.queue = new ArrayBlockingQueue<>(Math.max(4, 4 * concurrency));
    }

    /** Adds one lease (a record, or an id to look up); false once the deadline passed. */
    boolean offer(Object lease) {
      if (stopped) {
        return false;
      }
      chunk[filled++] = lease;
      offered++;
      if (filled == chunk.length) {
        Object[] full = chunk;
        chunk = new Object[Math.min(MAX_CHUNK, 1 + offered / (4 * concurrency))];
        filled = 0;
        if (!handOver(full)) {
          stopped = true;
          return false;
        }
      }
      return true;
    }

    private boolean handOver(Object[] leases) {
      if (inline) {
        revokeChunk(leases);
        return System.nanoTime() - deadlineNanos < 0;
      }
      try {
        while (!queue.offer(leases, Math.min(left(), IDLE_POLL_NANOS), TimeUnit.NANOSECONDS)) {
          if (left() <= 0) {
            addIds(unfinished, leases, 0);
            return false;
          }
          startDrainer(drainers.get() == 0);
        }
        startDrainer(drainers.get() == 0);
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        addIds(unfinished, leases, 0);
        return false;
      }
    }

    /** Starts one more drainer if a slot is free (or, if {@code mustHave}, waits for one). */
    private void startDrainer(boolean mustHave) throws InterruptedException {
      int running = drainers.get();
      if (!mustHave && (running >= concurrency || running >= queue.size())) {
        return;
      }
      boolean slot =
          mustHave
              ? capacity.take(deadlineNanos == NO_DEADLINE ? farAway() : deadlineNanos)
              : capacity.tryTake(1).taken() == 1;
      if (!slot) {
        return;
      }
      drainers.incrementAndGet();
      try {
        workers.execute(this::drain);
      } catch (RejectedExecutionException e) {
        // the workers are shutting down: this thread does the rest
        drainers.decrementAndGet();
        capacity.giveBack(1);
        inline = true;
        Object[] waiting;
        while ((waiting = queue.poll()) != null) {
          revokeChunk(waiting);
        }
      }
    }

    /**
     * Runs on a worker, holding one slot, until the queue is empty. It does not wait for more: a
     * worker pool may run it on the walking thread itself, and the walk starts drainers as it
     * queues chunks.
     */
    private void drain() {
      try {
        Object[] leases;
        while (left() > 0 && (leases = queue.poll()) != null) {
          revokeChunk(leases);
        }
      } finally {
        drainers.decrementAndGet();
        capacity.release();
        synchronized (this) {
          notifyAll();
        }
      }
    }

    private void revokeChunk(Object[] leases) {
      int done = 0;
      for (int i = 0; i < leases.length && leases[i] != null; i++) {
        if (!takeToken()) {
          addIds(unfinished, leases, i);
          break;
        }
        if (revokeOne(leases[i])) {
          done++;
        }
      }
      revoked.addAndGet(done); // once per chunk: the drainers share this counter
    }

    private boolean takeToken() {
      try {
        return capacity.takeToken(deadlineNanos == NO_DEADLINE ? farAway() : deadlineNanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    /** Revokes one lease; whether it is gone (revoked, or gone meanwhile). */
    private boolean revokeOne(Object lease) {
      String id = idOf(lease);
      if (left() <= 0) {
        unfinished.add(id);
        return false;
      }
      boolean bounded = deadlineNanos != NO_DEADLINE; // only then can a lease end up unfinished
      if (bounded) {
        running.add(id);
      }
      try {
        Optional<LeaseRecord> record =
            lease instanceof LeaseRecord r ? Optional.of(r) : store.get(id);
        if (record.isPresent()) {
          revoker.revokeNow(record.get());
        }
        return true;
      } catch (LessorException e) {
        failed.add(Map.entry(id, e));
      } catch (Throwable e) { // an Error too: the caller must hear of it, not wait forever
        failed.add(
            Map.entry(
                id,
                new LessorException(
                    "revocation of lease " + id + " failed: " + Failures.describe(e), e, true)));
      } finally {
        if (bounded) {
          running.remove(id);
        }
      }
      return false;
    }

    /** Hands over the last chunk and waits for the drainers, up to the deadline. */
    Result finish() {
      if (!stopped && filled > 0) {
        Object[] last = chunk;
        chunk = new Object[0];
        handOver(last);
      }
      synchronized (this) {
        while (drainers.get() > 0 || (!queue.isEmpty() && !inline)) {
          long left = left();
          if (left <= 0) {
            break;
          }
          try {
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, IDLE_POLL_NANOS));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
          if (drainers.get() == 0 && !queue.isEmpty()) {
            try {
              startDrainer(true); // every drainer left early (interrupted): start another
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              break;
            }
          }
        }
      }
      Object[] left;
      while ((left = queue.poll()) != null) {
        addIds(unfinished, left, 0);
      }
      List<String> notDone = new ArrayList<>(unfinished);
      notDone.addAll(running);
      Map<String, LessorException> failures = new LinkedHashMap<>();
      failed.forEach(e -> failures.putIfAbsent(e.getKey(), e.getValue()));
      return new Result(revoked.get(), failures, notDone);
    }

    private long left() {
      return deadlineNanos == NO_DEADLINE ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
    }
  }

  private static String idOf(Object lease) {
    return lease instanceof LeaseRecord r ? r.id() : (String) lease;
  }

  private static void addIds(List<String> into, Object[] leases, int from) {
    for (int i = from; i < leases.length && leases[i] != null; i++) {
      into.add(idOf(leases[i]));
    }
  }

  private static long farAway() {
    return System.nanoTime() + TimeUnit.DAYS.toNanos(3650);
  }
}
