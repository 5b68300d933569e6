package dev.lessor.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Reads the heap in use once garbage is gone: collects until two readings agree. */
final class Heap {
  private static final int MAX_ROUNDS = 20;
  private static final double SETTLED = 0.002;

  private Heap() {}

  /**
   * Heap bytes in use after full collections, repeated until two successive readings differ by less
   * than 0.2% (or 20 rounds), so that finalizers and reference processing have caught up.
   */
  static long settledUsed() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long previous = Long.MAX_VALUE;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      System.gc();
      BenchEngine.pause(20_000_000L); // let the reference handler run between collections
      long used = memory.getHeapMemoryUsage().getUsed();
      if (Math.abs(previous - used) < SETTLED * used) {
        return Math.min(previous, used);
      }
      previous = used;
    }
    return previous;
  }

  static long maxBytes() {
    return Runtime.getRuntime().maxMemory();
  }

  static String mib(long bytes) {
    return (bytes >> 20) + " MiB";
  }
}
