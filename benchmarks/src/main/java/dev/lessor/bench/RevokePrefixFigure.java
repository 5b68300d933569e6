package dev.lessor.bench;

import dev.lessor.Lessor;
import java.time.Duration;
import java.util.List;

/**
 * Revoking every lease under a prefix: {@code --leases} leases issued through {@code Lessor.read}
 * (in-memory store, do-nothing engine, the default revocation concurrency), then {@code
 * leases().revokePrefix("bench/")} timed; the baseline is the hand-written manager ({@link
 * HandManager}) walking its map once, cancelling each lease's task. The figure is the median time
 * of the runs, and the ratio the median of the per-run ratios.
 */
final class RevokePrefixFigure {
  private static final Duration TTL = Duration.ofHours(1);

  private RevokePrefixFigure() {}

  static List<Figure> measure(HarnessOptions options) {
    int n = options.leases();
    double[] lessor = new double[options.runs()];
    double[] hand = new double[options.runs()];
    double[] ratio = new double[options.runs()];
    for (int run = 0; run < options.runs(); run++) {
      lessor[run] = lessorNanos(n);
      hand[run] = handNanos(n);
      ratio[run] = lessor[run] / hand[run];
    }
    double r = Stats.median(ratio);
    return List.of(
        new Figure(
            "revokePrefix (" + Stats.number(n) + " leases, do-nothing engine)",
            Stats.seconds(Stats.median(lessor)),
            Stats.seconds(Stats.median(hand)) + " (walk the map, cancel each task)",
            Stats.ratio(r) + " of baseline time",
            "≤ 1.5×",
            Figure.verdict(r <= 1.5)));
  }

  static double lessorNanos(int n) {
    try (Lessor lessor = Lessor.builder().build()) {
      lessor.mount(BenchEngine.MOUNT, BenchEngine.fixedTtl(TTL));
      for (int i = 0; i < n; i++) {
        lessor.read(BenchEngine.CREDS);
      }
      long start = System.nanoTime();
      int revoked = lessor.leases().revokePrefix(BenchEngine.MOUNT);
      long took = System.nanoTime() - start;
      check(revoked, n);
      return took;
    }
  }

  static double handNanos(int n) {
    try (HandManager hand = new HandManager(TTL)) {
      for (int i = 0; i < n; i++) {
        hand.issue(BenchEngine.CREDS);
      }
      long start = System.nanoTime();
      int revoked = hand.revokePrefix(BenchEngine.MOUNT);
      long took = System.nanoTime() - start;
      check(revoked, n);
      return took;
    }
  }

  private static void check(int revoked, int n) {
    if (revoked != n) {
      throw new IllegalStateException("revoked " + revoked + " of " + n + " leases");
    }
  }
}
