package dev.lessor.bench;

import dev.lessor.Lessor;
import dev.lessor.store.InMemoryLeaseStore;
import java.time.Duration;
import java.util.List;

/**
 * Memory per live lease. Each run issues N leases through {@code Lessor.read} (in-memory store,
 * nothing expiring) and reads the settled heap against the empty one: everything Lessor retains per
 * lease (the id string, the stored record with its index entry, the hash map). Then the same for
 * the hand-written manager ({@link HandManager}): the id string, the map and one executor task per
 * lease. The in-memory store keeps each lease as one folded object rather than a {@code
 * LeaseRecord}, so "records alone" is no longer a part of the total and is not measured.
 */
final class MemoryFigure {
  private static final Duration TTL = Duration.ofHours(1);

  private MemoryFigure() {}

  /** Per-lease bytes of one run. */
  private record Sample(double total, double issueNanos, double baseline) {}

  static List<Figure> measure(HarnessOptions options) {
    int n = options.leases();
    Sample[] samples = new Sample[options.runs()];
    for (int run = 0; run < samples.length; run++) {
      samples[run] = sample(n);
    }
    double total = Stats.median(pick(samples, Sample::total));
    double issue = Stats.median(pick(samples, Sample::issueNanos));
    double baseline = Stats.median(pick(samples, Sample::baseline));
    String size = " (" + Stats.number(n) + " leases)";
    return List.of(
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
    long empty = Heap.settledUsed();
    long[] issueNanos = {0};
    long withLessor = issue(n, issueNanos);
    return new Sample(
        (double) (withLessor - empty) / n, (double) issueNanos[0] / n, baselinePerLease(n));
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

  /** Issues n leases and reads the heap with them live; the Lessor dies here. */
  private static long issue(int n, long[] issueNanos) {
    InMemoryLeaseStore store = new InMemoryLeaseStore();
    try (Lessor lessor = Lessor.builder().leaseStore(store).build()) {
      lessor.mount(BenchEngine.MOUNT, BenchEngine.fixedTtl(TTL));
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        lessor.read(BenchEngine.CREDS);
      }
      issueNanos[0] = System.nanoTime() - start;
      long used = Heap.settledUsed();
      if (store.count() != n) {
        throw new IllegalStateException("the store held fewer leases than were issued");
      }
      return used;
    }
  }
}
