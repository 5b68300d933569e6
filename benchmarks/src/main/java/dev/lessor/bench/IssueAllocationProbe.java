package dev.lessor.bench;

import com.sun.management.ThreadMXBean;
import dev.lessor.Lessor;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

/**
 * Bytes allocated per issued lease on one thread, through {@code Lessor.read} with a do-nothing
 * engine (in-memory store) and by the hand-written manager ({@link HandManager}), read from the
 * thread's allocation counter. Garbage is what makes the issue path slower than the baseline (young
 * collections copy the leases issued since the last one), so this is the figure to watch when the
 * rate moves. Run: {@code java -cp lessor-benchmarks.jar dev.lessor.bench.IssueAllocationProbe
 * [leases]}.
 */
final class IssueAllocationProbe {
  private static final Duration TTL = Duration.ofHours(1);

  private IssueAllocationProbe() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 3; round++) { // the first rounds warm up the JIT
      double lessor = lessorBytes(threads, n);
      double hand = handBytes(threads, n);
      System.out.printf(
          Locale.ROOT,
          "round %d: Lessor.read %.0f B/issue, hand-written manager %.0f B/issue%n",
          round,
          lessor,
          hand);
    }
  }

  private static double lessorBytes(ThreadMXBean threads, int n) {
    try (Lessor lessor = Lessor.builder().build()) {
      lessor.mount(BenchEngine.MOUNT, BenchEngine.fixedTtl(TTL));
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < n; i++) {
        lessor.read(BenchEngine.CREDS);
      }
      return (threads.getCurrentThreadAllocatedBytes() - before) / (double) n;
    }
  }

  private static double handBytes(ThreadMXBean threads, int n) {
    try (HandManager hand = new HandManager(TTL)) {
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < n; i++) {
        hand.issue(BenchEngine.CREDS);
      }
      return (threads.getCurrentThreadAllocatedBytes() - before) / (double) n;
    }
  }
}
