package dev.lessor.bench;

import dev.lessor.Lessor;
import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.store.LeaseRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The workloads of the schedule + cancel figures, shared by the harness and JMH. Each starts with
 * {@code live} leases in place (so indexes are as deep as at that scale); one call of {@link
 * #accept} cancels a random live lease and schedules a new one in its place, as steady lease churn
 * does. Both sides of a comparison pick the same leases in the same order. Not thread-safe: one
 * thread drives each.
 */
abstract class Churn implements IntConsumer, AutoCloseable {
  private static final Duration TTL = Duration.ofHours(1);

  @Override
  public void close() {}

  /**
   * Lessor's expiry index: the writes a lease costs the in-memory store over its life (insert
   * pending, activate, delete), with the records built as {@code Issuance} builds them.
   */
  static final class Store extends Churn {
    private final InMemoryLeaseStore store = new InMemoryLeaseStore();
    private final Slots slots;
    private final Instant now = Instant.now();
    private final SplittableRandom random = new SplittableRandom(42);

    Store(int live) {
      slots = new Slots(live, i -> LeaseFixtures.id(i));
      for (String id : slots.ids) {
        store.insert(LeaseFixtures.active(LeaseFixtures.pending(id, now, random)));
      }
    }

    @Override
    public void accept(int i) {
      int k = slots.next();
      store.delete(slots.ids[k]);
      LeaseRecord pending = LeaseFixtures.pending(slots.replace(k), now, random);
      store.insert(pending);
      store.activate(pending);
    }
  }

  /**
   * The baseline's timer: one task per lease on a {@link ScheduledThreadPoolExecutor} with
   * remove-on-cancel, its future held in a map by lease id (the handle a cancel needs).
   */
  static final class Timer extends Churn {
    private final ScheduledThreadPoolExecutor executor = newExecutor();
    private final ConcurrentHashMap<String, ScheduledFuture<?>> held = new ConcurrentHashMap<>();
    private final Slots slots;
    private final SplittableRandom random = new SplittableRandom(42);
    private final Runnable noop = () -> {};

    Timer(int live) {
      slots = new Slots(live, i -> LeaseFixtures.id(i));
      for (String id : slots.ids) {
        held.put(id, schedule());
      }
    }

    @Override
    public void accept(int i) {
      int k = slots.next();
      held.remove(slots.ids[k]).cancel(false);
      held.put(slots.replace(k), schedule());
    }

    private ScheduledFuture<?> schedule() {
      return executor.schedule(noop, delayMillis(random), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }

  /** The whole path through Lessor: {@code leases().revoke(id)}, then {@code read} issues one. */
  static final class ViaLessor extends Churn {
    private final Lessor lessor = Lessor.builder().build();
    private final Slots slots;

    ViaLessor(int live) {
      lessor.mount(BenchEngine.MOUNT, BenchEngine.fixedTtl(TTL));
      slots = new Slots(live, i -> issue());
    }

    @Override
    public void accept(int i) {
      int k = slots.next();
      lessor.leases().revoke(slots.ids[k]);
      slots.replace(k);
    }

    private String issue() {
      return lessor.read(BenchEngine.CREDS).lease().orElseThrow().id();
    }

    @Override
    public void close() {
      lessor.close();
    }
  }

  /**
   * What a user would write without Lessor: a random id, one executor task per lease that revokes
   * it at expiry, found by id in a map to cancel it on an early revoke; the same engine calls.
   */
  static final class HandWritten extends Churn {
    private final ScheduledThreadPoolExecutor executor = newExecutor();
    private final ConcurrentHashMap<String, ScheduledFuture<?>> leases = new ConcurrentHashMap<>();
    private final BenchEngine engine = BenchEngine.fixedTtl(TTL);
    private final LeaseRecord template =
        LeaseFixtures.active(
            LeaseFixtures.pending("template", Instant.now(), new SplittableRandom(1)));
    private final Slots slots;

    HandWritten(int live) {
      slots = new Slots(live, i -> issue());
    }

    @Override
    public void accept(int i) {
      int k = slots.next();
      revoke(slots.ids[k]);
      slots.replace(k);
    }

    private String issue() {
      String id = LeaseFixtures.randomId();
      leases.put(id, executor.schedule(() -> revoke(id), TTL.toMillis(), TimeUnit.MILLISECONDS));
      return id;
    }

    private void revoke(String id) {
      ScheduledFuture<?> task = leases.remove(id);
      if (task != null) {
        task.cancel(false);
        engine.revoke(template);
      }
    }

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }

  /**
   * The ids of the live leases, and which one an operation replaces next: a random one, from the
   * same seed on every side.
   */
  private static final class Slots {
    final String[] ids;
    private final java.util.function.IntFunction<String> newLease;
    private final SplittableRandom pick = new SplittableRandom(2026);
    private int issued;

    Slots(int live, java.util.function.IntFunction<String> newLease) {
      this.newLease = newLease;
      ids = new String[live];
      for (int k = 0; k < live; k++) {
        ids[k] = newLease.apply(issued++);
      }
    }

    int next() {
      return pick.nextInt(ids.length);
    }

    /** Puts a new lease in slot k and returns its id. */
    String replace(int k) {
      ids[k] = newLease.apply(issued++);
      return ids[k];
    }
  }

  private static ScheduledThreadPoolExecutor newExecutor() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /** An expiry an hour or two out. */
  private static long delayMillis(SplittableRandom random) {
    long spread = LeaseFixtures.SPREAD.toMillis();
    return spread + random.nextLong(spread);
  }
}
