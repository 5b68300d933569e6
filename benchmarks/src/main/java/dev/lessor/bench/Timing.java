package dev.lessor.bench;

import java.util.function.IntConsumer;

/** Times two operations in alternating batches on the calling thread. */
final class Timing {
  private Timing() {}

  /**
   * Warms both operations up, then times {@code runs} batches of each, alternating.
   *
   * @return the median nanoseconds per operation of {@code a} and of {@code b}
   */
  static double[] alternate(IntConsumer a, IntConsumer b, int warmupOps, int opsPerRun, int runs) {
    int[] counter = {0};
    batch(a, counter, warmupOps);
    batch(b, counter, warmupOps);
    double[] timesA = new double[runs];
    double[] timesB = new double[runs];
    for (int run = 0; run < runs; run++) {
      timesA[run] = (double) batch(a, counter, opsPerRun) / opsPerRun;
      timesB[run] = (double) batch(b, counter, opsPerRun) / opsPerRun;
    }
    return new double[] {Stats.median(timesA), Stats.median(timesB)};
  }

  private static long batch(IntConsumer op, int[] counter, int ops) {
    long start = System.nanoTime();
    for (int i = 0; i < ops; i++) {
      op.accept(counter[0]++);
    }
    return System.nanoTime() - start;
  }
}
