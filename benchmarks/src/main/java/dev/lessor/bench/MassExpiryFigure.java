package dev.lessor.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Mass expiry: a tenth of {@code --leases} (100,000 at full size) expire within the same second,
 * and each revocation takes {@code --revoke-latency-ms}. Three drains per run:
 *
 * <ul>
 *   <li>Lessor at {@code --concurrency}, no rate limit, against its floor (n × latency ÷
 *       concurrency, and at least the one second over which the leases expire) and against the
 *       baseline (one executor task per lease, as many threads);
 *   <li>Lessor with {@code --rate-limit}: the drain time; the rate sustained over the second half
 *       of the drain, which must not exceed the limit; and the most revocations started in any
 *       one-second window, which a reader of "at most N a second" expects to stay within N too.
 * </ul>
 */
final class MassExpiryFigure {
  private static final Duration LEAD = Duration.ofSeconds(1);
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final long SECOND = 1_000_000_000L;

  private MassExpiryFigure() {}

  static List<Figure> measure(HarnessOptions options) {
    int n = options.massLeases();
    int concurrency = options.concurrency();
    Duration latency = options.revokeLatency();
    int limit = options.massRateLimit();
    IntFunction<Duration> expiry = i -> LEAD.plusNanos(i * (SECOND / n));
    int runs = options.runs();
    double[] free = new double[runs];
    double[] base = new double[runs];
    double[] limited = new double[runs];
    double[] peak = new double[runs];
    double[] sustained = new double[runs];
    for (int run = 0; run < runs; run++) {
      free[run] = ExpiryScenario.lessor(n, expiry, latency, concurrency, 0, TIMEOUT).drainNanos();
      base[run] = ExpiryScenario.baseline(n, expiry, latency, concurrency, TIMEOUT).drainNanos();
      ExpiryScenario.Result result =
          ExpiryScenario.lessor(n, expiry, latency, concurrency, limit, TIMEOUT);
      limited[run] = result.drainNanos();
      long[] starts = result.log().sortedStarts();
      peak[run] = peakWindow(starts);
      sustained[run] = secondHalfRate(starts);
    }
    // The last lease expires a second after the first, so no drain can beat one second.
    double floor = Math.max(SECOND, (double) n * latency.toNanos() / concurrency);
    double drain = Stats.median(free);
    double baseline = Stats.median(base);
    double limitedDrain = Stats.median(limited);
    double limitedFloor = Math.max(floor, (double) (n - limit) / limit * SECOND);
    double worstPeak = max(peak);
    double slowest = Stats.median(sustained);
    String size =
        String.format(
            Locale.ROOT,
            " (%s leases in 1 s, %d ms revoke, concurrency %d",
            Stats.number(n),
            latency.toMillis(),
            concurrency);
    List<Figure> rows = new ArrayList<>();
    rows.add(
        new Figure(
            "mass expiry drain" + size + ", no limit)",
            Stats.seconds(drain) + " (floor " + Stats.seconds(floor) + ")",
            Stats.seconds(baseline) + " (STPE task per lease)",
            Stats.ratio(drain / baseline) + " of baseline time",
            "report",
            "report"));
    rows.add(
        new Figure(
            "mass expiry drain" + size + ", limit " + Stats.number(limit) + "/s)",
            Stats.seconds(limitedDrain) + " (floor " + Stats.seconds(limitedFloor) + ")",
            "-",
            Stats.ratio(limitedDrain / limitedFloor) + " of floor",
            "report",
            "report"));
    String withLimit = " (limit " + Stats.number(limit) + "/s)";
    rows.add(
        new Figure(
            "mass expiry: revocations/s over the second half of the drain" + withLimit,
            Stats.number(slowest) + "/s",
            "-",
            Stats.ratio(slowest / limit) + " of limit",
            "≤ " + Stats.number(limit) + "/s (+1%)",
            Figure.verdict(slowest <= limit * 1.01)));
    rows.add(
        new Figure(
            "mass expiry: most revocations started in any 1 s" + withLimit,
            Stats.number(worstPeak) + " (worst run)",
            "-",
            Stats.ratio(worstPeak / limit) + " of limit",
            "≤ " + Stats.number(limit) + " (+1%)",
            Figure.verdict(worstPeak <= limit * 1.01 + 1)));
    return rows;
  }

  /** The most starts in any one-second window. */
  static double peakWindow(long[] sortedStarts) {
    int best = 0;
    int from = 0;
    for (int to = 0; to < sortedStarts.length; to++) {
      while (sortedStarts[to] - sortedStarts[from] >= SECOND) {
        from++;
      }
      best = Math.max(best, to - from + 1);
    }
    return best;
  }

  /**
   * Starts per second over the second half of the starts, when a token bucket's initial burst is
   * long spent: the rate the limiter sustains.
   */
  static double secondHalfRate(long[] sortedStarts) {
    int mid = sortedStarts.length / 2;
    int last = sortedStarts.length - 1;
    long span = sortedStarts[last] - sortedStarts[mid];
    return span <= 0 ? 0 : (double) (last - mid) * SECOND / span;
  }

  private static double max(double[] values) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      max = Math.max(max, v);
    }
    return max;
  }
}
