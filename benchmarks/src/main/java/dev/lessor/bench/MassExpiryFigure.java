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
 *   <li>Lessor with {@code --rate-limit}: the drain time, and the most revocations started in any
 *       one-second window once the first second (the bucket's initial burst) is over, which must
 *       not exceed the limit.
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
    for (int run = 0; run < runs; run++) {
      free[run] = ExpiryScenario.lessor(n, expiry, latency, concurrency, 0, TIMEOUT).drainNanos();
      base[run] = ExpiryScenario.baseline(n, expiry, latency, concurrency, TIMEOUT).drainNanos();
      ExpiryScenario.Result result =
          ExpiryScenario.lessor(n, expiry, latency, concurrency, limit, TIMEOUT);
      limited[run] = result.drainNanos();
      peak[run] = peakAfterBurst(result.log().sortedStarts());
    }
    // The last lease expires a second after the first, so no drain can beat one second.
    double floor = Math.max(SECOND, (double) n * latency.toNanos() / concurrency);
    double drain = Stats.median(free);
    double baseline = Stats.median(base);
    double limitedDrain = Stats.median(limited);
    double limitedFloor = Math.max(floor, (double) (n - limit) / limit * SECOND);
    double worstPeak = max(peak);
    // A token bucket lets a window hold the limit plus the fraction of a token left at its start;
    // starts are stamped on the workers, which adds their scheduling jitter: allow 1%.
    double allowed = limit * 1.01 + 1;
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
    rows.add(
        new Figure(
            "mass expiry: most revocations started in any 1 s after the burst (limit "
                + Stats.number(limit)
                + "/s)",
            Stats.number(worstPeak) + " (worst run)",
            "-",
            Stats.ratio(worstPeak / limit) + " of limit",
            "≤ " + Stats.number(limit) + " (+1% jitter)",
            Figure.verdict(worstPeak <= allowed)));
    return rows;
  }

  /**
   * The most starts in any one-second window beginning a second or more after the first start, when
   * the bucket's initial burst (one second's worth) is spent.
   */
  static double peakAfterBurst(long[] sortedStarts) {
    if (sortedStarts.length == 0) {
      return 0;
    }
    long steady = sortedStarts[0] + SECOND;
    int best = 0;
    int from = 0;
    for (int to = 0; to < sortedStarts.length; to++) {
      if (sortedStarts[to] < steady) {
        continue;
      }
      from = Math.max(from, lowerBound(sortedStarts, steady));
      while (sortedStarts[to] - sortedStarts[from] >= SECOND) {
        from++;
      }
      best = Math.max(best, to - from + 1);
    }
    return best;
  }

  private static int lowerBound(long[] sorted, long value) {
    int i = java.util.Arrays.binarySearch(sorted, value);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && sorted[i - 1] == value) {
      i--;
    }
    return i;
  }

  private static double max(double[] values) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      max = Math.max(max, v);
    }
    return max;
  }
}
