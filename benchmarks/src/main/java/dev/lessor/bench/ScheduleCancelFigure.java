package dev.lessor.bench;

import java.util.List;

/**
 * Schedule + cancel cost per lease, on one thread, with {@code --leases} leases live around it. Two
 * comparisons (see {@link Churn} for each side):
 *
 * <ul>
 *   <li>the expiry index alone: Lessor's in-memory store against one {@code
 *       ScheduledThreadPoolExecutor} task per lease held in a map;
 *   <li>the whole path: {@code Lessor.read} then {@code leases().revoke(id)} against a hand-written
 *       manager calling the same engine.
 * </ul>
 *
 * Each run times a batch of operations after a warm-up, alternating the two sides so that noise
 * hits both; the figure is the median of the runs. {@code ScheduleCancelBenchmark} measures the
 * same workloads under JMH.
 */
final class ScheduleCancelFigure {
  private static final int WARMUP_OPS = 200_000;
  private static final int OPS_PER_RUN = 200_000;

  private ScheduleCancelFigure() {}

  static List<Figure> measure(HarnessOptions options) {
    int live = options.leases();
    String size = " (" + Stats.number(live) + " live)";
    double[] index;
    try (Churn store = new Churn.Store(live);
        Churn timer = new Churn.Timer(live)) {
      index = Timing.alternate(store, timer, WARMUP_OPS, OPS_PER_RUN, options.runs());
    }
    double[] whole;
    try (Churn lessor = new Churn.ViaLessor(live);
        Churn hand = new Churn.HandWritten(live)) {
      whole = Timing.alternate(lessor, hand, WARMUP_OPS / 4, OPS_PER_RUN / 4, options.runs());
    }
    return List.of(
        new Figure(
            "schedule+cancel, expiry index" + size,
            Stats.nanosPerOp(index[0]) + " (store insert+activate+delete)",
            Stats.nanosPerOp(index[1]) + " (map + STPE schedule+cancel)",
            Stats.ratio(index[1] / index[0]) + " faster",
            "≥ 5× faster",
            Figure.verdict(index[1] / index[0] >= 5)),
        new Figure(
            "issue+revoke, whole path" + size,
            Stats.nanosPerOp(whole[0]) + " (Lessor.read + revoke)",
            Stats.nanosPerOp(whole[1]) + " (map + STPE task per lease)",
            Stats.ratio(whole[1] / whole[0]) + " faster",
            "report",
            "report"));
  }
}
