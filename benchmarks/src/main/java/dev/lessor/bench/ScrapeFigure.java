package dev.lessor.bench;

import dev.lessor.LeaseState;
import dev.lessor.LeaseStats;
import dev.lessor.Lessor;
import java.time.Duration;
import java.util.List;

/**
 * What one metrics scrape costs the application: {@code --leases} live leases issued through {@code
 * Lessor.read} (in-memory store, do-nothing engine), then {@code leases().stats(Duration.ZERO)}
 * timed, which takes a fresh snapshot as every scrape past {@code statsMaxAge} does (the
 * lessor-micrometer gauges read it). The figure is the median of the runs, each the median of
 * {@value #SCRAPES} scrapes after {@value #WARMUP} unmeasured ones.
 */
final class ScrapeFigure {
  private static final Duration TTL = Duration.ofHours(1);
  private static final int WARMUP = 5;
  private static final int SCRAPES = 11;

  private ScrapeFigure() {}

  static List<Figure> measure(HarnessOptions options) {
    int n = options.leases();
    double[] took = new double[options.runs()];
    for (int run = 0; run < options.runs(); run++) {
      took[run] = scrapeNanos(n);
    }
    double median = Stats.median(took);
    return List.of(
        new Figure(
            "metrics scrape: stats snapshot at " + Stats.number(n) + " live leases, in memory",
            Stats.millis(median),
            "-",
            "-",
            "≤ 5 ms",
            Figure.verdict(median <= 5e6)));
  }

  static double scrapeNanos(int n) {
    try (Lessor lessor = Lessor.builder().build()) {
      lessor.mount(BenchEngine.MOUNT, BenchEngine.fixedTtl(TTL));
      for (int i = 0; i < n; i++) {
        lessor.read(BenchEngine.CREDS);
      }
      for (int i = 0; i < WARMUP; i++) {
        check(lessor.leases().stats(Duration.ZERO), n);
      }
      double[] took = new double[SCRAPES];
      for (int i = 0; i < SCRAPES; i++) {
        long start = System.nanoTime();
        LeaseStats stats = lessor.leases().stats(Duration.ZERO);
        took[i] = System.nanoTime() - start;
        check(stats, n);
      }
      return Stats.median(took);
    }
  }

  private static void check(LeaseStats stats, int n) {
    long active = stats.count(BenchEngine.MOUNT, LeaseState.ACTIVE);
    if (active != n) {
      throw new IllegalStateException("stats counted " + active + " of " + n + " leases");
    }
  }
}
