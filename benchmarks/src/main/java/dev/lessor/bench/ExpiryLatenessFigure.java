package dev.lessor.bench;

import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Expiry lateness: {@code --leases} leases whose expiries are spread evenly at {@code
 * --expiry-rate} a second, revoked by Lessor's loop (real scheduler, default workers, in-memory
 * store) with an engine that returns at once. Lateness is the clock time at which the engine's
 * revoke starts minus the lease's expiry. The baseline lets the same schedule expire as one
 * executor task per lease on as many threads as Lessor's revocation concurrency.
 */
final class ExpiryLatenessFigure {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private ExpiryLatenessFigure() {}

  static List<Figure> measure(HarnessOptions options) {
    int n = options.leases();
    // Expiries start once the baseline has had time to schedule every task (about 1 µs each).
    Duration lead = Duration.ofSeconds(1).plusNanos(n * 2_000L);
    long spacing = 1_000_000_000L / options.expiryRate();
    IntFunction<Duration> expiry = i -> lead.plusNanos(i * spacing);
    double[][] lessor = new double[3][options.runs()];
    double[][] baseline = new double[3][options.runs()];
    for (int run = 0; run < options.runs(); run++) {
      record(
          lessor,
          run,
          ExpiryScenario.lessor(n, expiry, Duration.ZERO, options.concurrency(), 0, TIMEOUT));
      record(
          baseline,
          run,
          ExpiryScenario.baseline(n, expiry, Duration.ZERO, options.concurrency(), TIMEOUT));
    }
    String size =
        " ("
            + Stats.number(n)
            + " leases, "
            + Stats.number(options.expiryRate())
            + " expiries/s, concurrency "
            + options.concurrency()
            + ")";
    double p99 = Stats.median(lessor[1]);
    double baseP99 = Stats.median(baseline[1]);
    return List.of(
        row("expiry lateness p50" + size, lessor[0], baseline[0], "report", "report"),
        row("expiry lateness p99" + size, lessor[1], baseline[1], "≤ 1 s", verdict(p99)),
        row("expiry lateness max" + size, lessor[2], baseline[2], "report", "report"));
  }

  private static String verdict(double p99Nanos) {
    return Figure.verdict(p99Nanos <= 1e9);
  }

  private static Figure row(
      String name, double[] lessor, double[] baseline, String target, String verdict) {
    double value = Stats.median(lessor);
    double base = Stats.median(baseline);
    return new Figure(
        name,
        Stats.millis(value),
        Stats.millis(base) + " (STPE task per lease)",
        base > 0 ? Stats.ratio(value / base) : "-",
        target,
        verdict);
  }

  private static void record(double[][] into, int run, ExpiryScenario.Result result) {
    long[] late = result.log().sortedLateness();
    into[0][run] = Stats.percentile(late, 50);
    into[1][run] = Stats.percentile(late, 99);
    into[2][run] = late[late.length - 1];
  }
}
