package dev.lessor.bench;

import dev.lessor.Lessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;

/**
 * The issue path: leases issued per second through {@code Lessor.read} with a do-nothing engine
 * (in-memory store), from 1, 2 and 4 threads, against the hand-written manager ({@link
 * HandManager}) issuing as many leases from as many threads. Each run starts both sides empty and
 * issues {@code --leases} leases in all, split between the threads, so that the last lease is
 * issued with that many live; the sides alternate which goes first, and each starts after a full
 * collection. The figure is the median rate of the runs, and the ratio the median of the per-run
 * ratios.
 */
final class IssueRateFigure {
  static final int[] THREADS = {1, 2, 4};
  private static final Duration TTL = Duration.ofHours(1);

  private IssueRateFigure() {}

  static List<Figure> measure(HarnessOptions options) {
    int n = options.leases();
    warmUp(Math.min(n, 200_000));
    List<Figure> figures = new ArrayList<>();
    double[] lessorOne = null;
    double[] handOne = null;
    for (int threads : THREADS) {
      double[] lessor = new double[options.runs()];
      double[] hand = new double[options.runs()];
      double[] ratio = new double[options.runs()];
      for (int run = 0; run < options.runs(); run++) {
        if (run % 2 == 0) {
          lessor[run] = lessorRate(n, threads);
          hand[run] = handRate(n, threads);
        } else {
          hand[run] = handRate(n, threads);
          lessor[run] = lessorRate(n, threads);
        }
        ratio[run] = lessor[run] / hand[run];
      }
      if (threads == 1) {
        lessorOne = lessor;
        handOne = hand;
      }
      double r = Stats.median(ratio);
      String scaling =
          threads == 1
              ? ""
              : String.format(
                  java.util.Locale.ROOT,
                  "; %.2f× its 1-thread rate (baseline %.2f×)",
                  Stats.median(lessor) / Stats.median(lessorOne),
                  Stats.median(hand) / Stats.median(handOne));
      figures.add(
          new Figure(
              "issue rate via Lessor.read, "
                  + threads
                  + (threads == 1 ? " thread" : " threads")
                  + " ("
                  + Stats.number(n)
                  + " leases)",
              Stats.number(Stats.median(lessor)) + "/s" + scaling,
              Stats.number(Stats.median(hand)) + "/s (map + STPE task per lease)",
              Stats.ratio(r),
              "≥ 1.0×",
              Figure.verdict(r >= 1.0)));
    }
    return figures;
  }

  private static void warmUp(int n) {
    lessorRate(n, 2);
    handRate(n, 2);
  }

  /** Leases per second issued through a fresh Lessor. */
  static double lessorRate(int n, int threads) {
    try (Lessor lessor = Lessor.builder().build()) {
      lessor.mount(BenchEngine.MOUNT, BenchEngine.fixedTtl(TTL));
      return rate(n, threads, i -> lessor.read(BenchEngine.CREDS));
    }
  }

  /** Leases per second issued by a fresh hand-written manager. */
  static double handRate(int n, int threads) {
    try (HandManager hand = new HandManager(TTL)) {
      return rate(n, threads, i -> hand.issue(BenchEngine.CREDS));
    }
  }

  private static double rate(int n, int threads, IntConsumer issue) {
    // The other side's million leases are garbage now: collected here, not during this side's run
    // (whichever side went second paid for them, which made the per-run ratios swing by a third).
    System.gc();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int share = n / threads + (t < n % threads ? 1 : 0);
      Thread worker =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < share; i++) {
                  issue.accept(i);
                }
              },
              "issuer-" + t);
      worker.start();
      workers.add(worker);
    }
    long begin = System.nanoTime();
    start.countDown();
    for (Thread worker : workers) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while issuing", e);
      }
    }
    return n / ((System.nanoTime() - begin) / 1e9);
  }
}
