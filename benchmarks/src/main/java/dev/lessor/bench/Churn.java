package dev.lessor.bench;

import dev.lessor.Lessor;
import dev.lessor.spi.InMemoryLeaseStore;
import dev.lessor.spi.LeaseRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The workloads of the schedule + cancel figures, shared by the harness and JMH: each starts with
 * {@code live} leases in place (so indexes are as deep as at that scale) and one call of {@link
 * #accept} schedules one more lease and cancels it. Not thread-safe: one thread drives each.
 */
abstract class Churn implements IntConsumer, AutoCloseable {
  private static final int FIXTURES = 1 << 14;
  private static final Duration TTL = Duration.ofHours(1);

  @Override
  public void close() {}

  /**
   * Lessor's expiry index: the three writes a lease costs the in-memory store (insert pending,
   * update to active, delete), on prebuilt records so that only the store is measured.
   */
  static final class Store extends Churn {
    private final InMemoryLeaseStore store = new InMemoryLeaseStore();
    private final LeaseRecord[] pending = new LeaseRecord[FIXTURES];
    private final LeaseRecord[] active = new LeaseRecord[FIXTURES];

    Store(int live) {
      Instant now = Instant.now();
      SplittableRandom random = new SplittableRandom(42);
      for (int i = 0; i < live; i++) {
        store.insert(LeaseFixtures.active(LeaseFixtures.pending(LeaseFixtures.id(i), now, random)));
      }
      for (int i = 0; i < FIXTURES; i++) {
        pending[i] = LeaseFixtures.pending(LeaseFixtures.id(live + i), now, random);
        active[i] = LeaseFixtures.active(pending[i]);
      }
    }

    @Override
    public void accept(int i) {
      int k = i & (FIXTURES - 1);
      store.insert(pending[k]);
      store.update(active[k]);
      store.delete(pending[k].id());
    }
  }

  /**
   * The baseline's timer: one task per lease on a {@link ScheduledThreadPoolExecutor} with
   * remove-on-cancel, its future held in a map by lease id (the handle a cancel needs).
   */
  static final class Timer extends Churn {
    private final ScheduledThreadPoolExecutor executor = newExecutor();
    private final ConcurrentHashMap<String, ScheduledFuture<?>> held = new ConcurrentHashMap<>();
    private final String[] ids = new String[FIXTURES];
    private final long[] delays = new long[FIXTURES];
    private final Runnable noop = () -> {};

    Timer(int live) {
      SplittableRandom random = new SplittableRandom(42);
      schedule(executor, held, live, random);
      long spread = LeaseFixtures.SPREAD.toMillis();
      for (int i = 0; i < FIXTURES; i++) {
        ids[i] = LeaseFixtures.id(live + i);
        delays[i] = spread + random.nextLong(spread);
      }
    }

    @Override
    public void accept(int i) {
      int k = i & (FIXTURES - 1);
      held.put(ids[k], executor.schedule(noop, delays[k], TimeUnit.MILLISECONDS));
      held.remove(ids[k]).cancel(false);
    }

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }

  /**
   * The whole path through Lessor: {@code read} issues a lease, {@code leases().revoke} ends it.
   */
  static final class ViaLessor extends Churn {
    private final Lessor lessor = Lessor.builder().build();

    ViaLessor(int live) {
      lessor.mount(BenchEngine.MOUNT, BenchEngine.fixedTtl(TTL));
      for (int i = 0; i < live; i++) {
        lessor.read(BenchEngine.CREDS);
      }
    }

    @Override
    public void accept(int i) {
      lessor.leases().revoke(lessor.read(BenchEngine.CREDS).lease().orElseThrow().id());
    }

    @Override
    public void close() {
      lessor.close();
    }
  }

  /**
   * What a user would write without Lessor: a random id, one executor task per lease that revokes
   * it at expiry, found by id in a map to cancel it on an early revoke; the same engine call.
   */
  static final class HandWritten extends Churn {
    private final ScheduledThreadPoolExecutor executor = newExecutor();
    private final ConcurrentHashMap<String, ScheduledFuture<?>> leases = new ConcurrentHashMap<>();
    private final BenchEngine engine = BenchEngine.fixedTtl(TTL);
    private final LeaseRecord template;

    HandWritten(int live) {
      schedule(executor, leases, live, new SplittableRandom(7));
      template =
          LeaseFixtures.active(
              LeaseFixtures.pending("template", Instant.now(), new SplittableRandom(1)));
    }

    @Override
    public void accept(int i) {
      revoke(issue());
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

  private static ScheduledThreadPoolExecutor newExecutor() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /** Schedules {@code live} no-op tasks an hour or two out, held in {@code held} by lease id. */
  private static void schedule(
      ScheduledThreadPoolExecutor executor,
      ConcurrentHashMap<String, ScheduledFuture<?>> held,
      int live,
      SplittableRandom random) {
    Runnable noop = () -> {};
    long spread = LeaseFixtures.SPREAD.toMillis();
    for (int i = 0; i < live; i++) {
      held.put(
          LeaseFixtures.id(i),
          executor.schedule(noop, spread + random.nextLong(spread), TimeUnit.MILLISECONDS));
    }
  }
}
