package dev.lessor.bench;

import java.util.Arrays;
import java.util.Locale;

/** Medians, percentiles and the units the table prints them in. */
final class Stats {
  private Stats() {}

  static double median(double... values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** The {@code p}-th percentile (0..100) of sorted values, nearest rank. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** Milliseconds, or microseconds below one millisecond. */
  static String millis(double nanos) {
    return Math.abs(nanos) < 1e6
        ? String.format(Locale.ROOT, "%.0f µs", nanos / 1e3)
        : String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  static String seconds(double nanos) {
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  static String nanosPerOp(double nanos) {
    return String.format(Locale.ROOT, "%.0f ns/op", nanos);
  }

  static String bytes(double bytes) {
    return String.format(Locale.ROOT, "%.0f B", bytes);
  }

  static String ratio(double ratio) {
    return String.format(Locale.ROOT, "%.2f×", ratio);
  }

  static String number(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }
}
