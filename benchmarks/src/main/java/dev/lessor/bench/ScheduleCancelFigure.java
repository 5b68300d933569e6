package dev.lessor.bench;

import dev.lessor.Lessor;
import dev.lessor.spi.InMemoryLeaseStore;
import dev.lessor.spi.LeaseRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Schedule + cancel cost per lease, on one thread, with {@code --leases} leases live around it (so
 * indexes are as deep as at that scale). Two comparisons:
 *
 * <ul>
 *   <li>the expiry index alone: what Lessor writes to its in-memory store over a lease's life
 *       (insert pending, update to active, delete) against what the baseline does to hold one task
 *       per lease (schedule it on a {@link ScheduledThreadPoolExecutor} with remove-on-cancel and
 *       put the future in a map by lease id, then take it out and cancel it);
 *   <li>the whole path: {@code Lessor.read} then {@code leases().revoke(id)} against a hand-written
 *       manager (a concurrent map of id to {@code ScheduledFuture} on the same kind of executor,
 *       calling the same engine).
 * </ul>
 *
 * Each run times a batch of operations after a warm-up, alternating the two sides so that noise
 * hits both; the figure is the median of the runs. {@code ScheduleCancelBenchmark} measures the
 * same under JMH.
 */
final class ScheduleCancelFigure {
  private static final int WARMUP_OPS = 200_000;
  private static final int OPS_PER_RUN = 200_000;
  private static final int FIXTURES = 1 << 14;

  private ScheduleCancelFigure() {}

  static List<Figure> measure(HarnessOptions options) {
    int live = options.leases();
    return List.of(indexFigure(live, options.runs()), wholePathFigure(live, options.runs()));
  }

  private static Figure indexFigure(int live, int runs) {
    Instant now = Instant.now();
    SplittableRandom random = new SplittableRandom(42);
    InMemoryLeaseStore store = new InMemoryLeaseStore();
    for (int i = 0; i < live; i++) {
      store.insert(LeaseFixtures.active(LeaseFixtures.pending(LeaseFixtures.id(i), now, random)));
    }
    LeaseRecord[] pending = new LeaseRecord[FIXTURES];
    LeaseRecord[] active = new LeaseRecord[FIXTURES];
    for (int i = 0; i < FIXTURES; i++) {
      pending[i] = LeaseFixtures.pending(LeaseFixtures.id(live + i), now, random);
      active[i] = LeaseFixtures.active(pending[i]);
    }
    IntConsumer lessor =
        i -> {
          int k = i & (FIXTURES - 1);
          store.insert(pending[k]);
          store.update(active[k]);
          store.delete(pending[k].id());
        };
    ConcurrentHashMap<String, ScheduledFuture<?>> held = new ConcurrentHashMap<>();
    ScheduledThreadPoolExecutor stpe = baselineExecutor(live, random, held);
    long[] delays = new long[FIXTURES];
    for (int i = 0; i < FIXTURES; i++) {
      delays[i] =
          LeaseFixtures.SPREAD.toMillis() + random.nextLong(LeaseFixtures.SPREAD.toMillis());
    }
    Runnable noop = () -> {};
    IntConsumer baseline =
        i -> {
          int k = i & (FIXTURES - 1);
          String id = pending[k].id();
          held.put(id, stpe.schedule(noop, delays[k], TimeUnit.MILLISECONDS));
          held.remove(id).cancel(false);
        };
    try {
      double[] result = Timing.alternate(lessor, baseline, WARMUP_OPS, OPS_PER_RUN, runs);
      return new Figure(
          "schedule+cancel, expiry index (" + Stats.number(live) + " live)",
          Stats.nanosPerOp(result[0]) + " (store insert+update+delete)",
          Stats.nanosPerOp(result[1]) + " (map + STPE schedule+cancel)",
          Stats.ratio(result[1] / result[0]) + " faster",
          "≥ 5× faster",
          Figure.verdict(result[1] / result[0] >= 5));
    } finally {
      stpe.shutdownNow();
    }
  }

  private static Figure wholePathFigure(int live, int runs) {
    SplittableRandom random = new SplittableRandom(7);
    Duration ttl = Duration.ofHours(1);
    BenchEngine engine = BenchEngine.fixedTtl(ttl);
    ConcurrentHashMap<String, ScheduledFuture<?>> held = new ConcurrentHashMap<>();
    ScheduledThreadPoolExecutor stpe = baselineExecutor(live, random, held);
    HandWrittenManager handWritten = new HandWrittenManager(stpe, engine, ttl, held);
    try (Lessor lessor = Lessor.builder().build()) {
      lessor.mount(BenchEngine.MOUNT, engine);
      for (int i = 0; i < live; i++) {
        lessor.read(BenchEngine.CREDS);
      }
      IntConsumer viaLessor =
          i -> lessor.leases().revoke(lessor.read(BenchEngine.CREDS).lease().orElseThrow().id());
      IntConsumer viaHand = i -> handWritten.revoke(handWritten.issue());
      double[] result = Timing.alternate(viaLessor, viaHand, WARMUP_OPS / 4, OPS_PER_RUN / 4, runs);
      return new Figure(
          "issue+revoke, whole path (" + Stats.number(live) + " live)",
          Stats.nanosPerOp(result[0]) + " (Lessor.read + revoke)",
          Stats.nanosPerOp(result[1]) + " (map + STPE task per lease)",
          Stats.ratio(result[1] / result[0]) + " faster",
          "report",
          "report");
    } finally {
      stpe.shutdownNow();
    }
  }

  /**
   * The baseline's executor, remove-on-cancel, with {@code live} tasks pending, held in {@code
   * held} by lease id.
   */
  static ScheduledThreadPoolExecutor baselineExecutor(
      int live, SplittableRandom random, ConcurrentHashMap<String, ScheduledFuture<?>> held) {
    ScheduledThreadPoolExecutor stpe = new ScheduledThreadPoolExecutor(1);
    stpe.setRemoveOnCancelPolicy(true);
    Runnable noop = () -> {};
    long spread = LeaseFixtures.SPREAD.toMillis();
    for (int i = 0; i < live; i++) {
      held.put(
          LeaseFixtures.id(i),
          stpe.schedule(noop, spread + random.nextLong(spread), TimeUnit.MILLISECONDS));
    }
    return stpe;
  }

  /**
   * What a user would write without Lessor: one executor task per lease, found by id in a map.
   * Thread-safe.
   */
  static final class HandWrittenManager {
    private final ScheduledThreadPoolExecutor executor;
    private final BenchEngine engine;
    private final long ttlMillis;
    private final ConcurrentHashMap<String, ScheduledFuture<?>> leases;
    private final LeaseRecord template;

    HandWrittenManager(
        ScheduledThreadPoolExecutor executor,
        BenchEngine engine,
        Duration ttl,
        ConcurrentHashMap<String, ScheduledFuture<?>> leases) {
      this.executor = executor;
      this.leases = leases;
      this.engine = engine;
      this.ttlMillis = ttl.toMillis();
      this.template =
          LeaseFixtures.active(
              LeaseFixtures.pending("template", Instant.now(), new SplittableRandom(1)));
    }

    String issue() {
      String id = LeaseFixtures.randomId();
      leases.put(id, executor.schedule(() -> revoke(id), ttlMillis, TimeUnit.MILLISECONDS));
      return id;
    }

    void revoke(String id) {
      ScheduledFuture<?> task = leases.remove(id);
      if (task != null) {
        task.cancel(false);
        engine.revoke(template);
      }
    }
  }
}
