package dev.lessor.bench;

import dev.lessor.Lessor;
import dev.lessor.spi.InMemoryLeaseStore;
import java.time.Duration;
import java.util.List;

/**
 * Memory per live lease. Each run issues N leases through {@code Lessor.read} (in-memory store,
 * nothing expiring) and reads the settled heap; then it copies the store's own record objects into
 * an array, closes the Lessor, drops it, and reads the heap again. The second reading holds the
 * very {@code LeaseRecord} objects (with their id and path strings, instants and internal maps) and
 * nothing of the manager, so the difference is what the manager costs on top of the records: the
 * store's hash map and its two skip-list indexes, and whatever else Lessor keeps per lease. The
 * array of references is allocated before the first reading, so it is in both and cancels out.
 */
final class MemoryFigure {
  private static final Duration TTL = Duration.ofHours(1);

  private MemoryFigure() {}

  /** Per-lease bytes of one run. */
  private record Sample(
      double overhead, double records, double total, double issueNanos, double baseline) {}

  static List<Figure> measure(HarnessOptions options) {
    int n = options.leases();
    Sample[] samples = new Sample[options.runs()];
    for (int run = 0; run < samples.length; run++) {
      samples[run] = sample(n);
    }
    double overhead = Stats.median(pick(samples, Sample::overhead));
    double records = Stats.median(pick(samples, Sample::records));
    double total = Stats.median(pick(samples, Sample::total));
    double issue = Stats.median(pick(samples, Sample::issueNanos));
    double baseline = Stats.median(pick(samples, Sample::baseline));
    String size = " (" + Stats.number(n) + " leases)";
    return List.of(
        new Figure(
            "memory per live lease: manager overhead" + size,
            Stats.bytes(overhead),
            "records alone " + Stats.bytes(records),
            "-",
            "≤ 200 B (etcd ≈ 330 B)",
            Figure.verdict(overhead <= 200)),
        new Figure(
            "memory per live lease: total retained" + size,
            Stats.bytes(total),
            Stats.bytes(baseline) + " (map + STPE task per lease)",
            Stats.ratio(total / baseline),
            "≤ baseline (stretch 250 B)",
            Figure.verdict(total <= baseline)),
        new Figure(
            "issue via Lessor.read, 1 thread" + size,
            Stats.nanosPerOp(issue),
            "-",
            "-",
            "report",
            "report"));
  }

  private static double[] pick(Sample[] samples, java.util.function.ToDoubleFunction<Sample> f) {
    double[] out = new double[samples.length];
    for (int i = 0; i < samples.length; i++) {
      out[i] = f.applyAsDouble(samples[i]);
    }
    return out;
  }

  private static Sample sample(int n) {
    Object[] records = new Object[n];
    long empty = Heap.settledUsed();
    long[] issueNanos = {0};
    long withLessor = issueAndCopy(n, records, issueNanos);
    long recordsOnly = Heap.settledUsed();
    if (records[n - 1] == null) {
      throw new IllegalStateException("the store held fewer leases than were issued");
    }
    records = null;
    return new Sample(
        (double) (withLessor - recordsOnly) / n,
        (double) (recordsOnly - empty) / n,
        (double) (withLessor - empty) / n,
        (double) issueNanos[0] / n,
        baselinePerLease(n));
  }

  /** Heap per live lease of the hand-written manager holding n leases. */
  private static double baselinePerLease(int n) {
    long empty = Heap.settledUsed();
    try (HandManager hand = new HandManager(TTL)) {
      for (int i = 0; i < n; i++) {
        hand.issue(BenchEngine.CREDS);
      }
      long used = Heap.settledUsed();
      if (hand.size() != n) {
        throw new IllegalStateException("the hand-written manager lost leases");
      }
      return (double) (used - empty) / n;
    }
  }

  /** Issues n leases, reads the heap, copies the records into {@code out}; the Lessor dies here. */
  private static long issueAndCopy(int n, Object[] out, long[] issueNanos) {
    InMemoryLeaseStore store = new InMemoryLeaseStore();
    try (Lessor lessor = Lessor.builder().leaseStore(store).build()) {
      lessor.mount(BenchEngine.MOUNT, BenchEngine.fixedTtl(TTL));
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        lessor.read(BenchEngine.CREDS);
      }
      issueNanos[0] = System.nanoTime() - start;
      long used = Heap.settledUsed();
      int i = 0;
      for (String id : store.list("")) {
        out[i++] = store.get(id).orElseThrow();
      }
      return used;
    }
  }
}
