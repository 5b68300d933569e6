package dev.lessor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The store's bytes on disk through the crash loop: the whole store directory (database file, WAL
 * and shared-memory index; the children's log lies outside it), sampled after each kill, when no
 * process has the store open.
 *
 * <p>What "steady" means when the live lease count moves from cycle to cycle: the database file
 * reuses freed pages and keeps its high-water mark, and the WAL is reset by checkpoints, so a store
 * that does not leak settles within a few cycles at the size its peak live set and one WAL need,
 * and then moves only with the live set. The steady size is the median of the second half of the
 * cycles. The file is "within 2x" when the largest sample is at most twice that, and when the
 * median of the last quarter is at most twice the median of the second quarter: the second test
 * catches a file that grows steadily through the run, which the first alone would pass (a line from
 * zero ends only 1.33 times its second-half median). Neither reference is taken as less than {@link
 * #ONE_WAL}: a store that little is written to (a short run on a busy machine) may not have filled
 * its WAL up to the first automatic checkpoint before the second quarter, or even the second half,
 * and that filling is the warm-up, not growth. Bytes per live IAM user are printed beside both, so
 * that a size that follows a growing backlog can be told from a leak. Not thread-safe: the parent's
 * loop uses it.
 */
final class StoreSizeLedger {
  /** The bound on the largest size, and on the drift, as a multiple of the steady size. */
  static final double BOUND = 2.0;

  /**
   * The WAL a store fills before SQLite's first automatic checkpoint resets it: 1,000 pages of 4
   * KiB. The least size the bound is measured against.
   */
  static final long ONE_WAL = 1000L * 4096;

  /**
   * One sample.
   *
   * @param cycle the cycle after whose kill it was taken
   * @param bytes the store directory's bytes
   * @param walBytes of those, the WAL's
   * @param liveUsers IAM users live at the kill (about the live leases)
   */
  record Sample(int cycle, long bytes, long walBytes, int liveUsers) {}

  private final Path dir;
  private final List<Sample> samples = new ArrayList<>();

  StoreSizeLedger(Path dir) {
    this.dir = dir;
  }

  /** Samples the store after the kill of {@code cycle}, when {@code liveUsers} were live. */
  void sample(int cycle, int liveUsers) {
    samples.add(new Sample(cycle, ProbeStores.bytesOnDisk(dir), walBytes(dir), liveUsers));
  }

  /** The last sample; call after {@link #sample}. */
  Sample latest() {
    return samples.get(samples.size() - 1);
  }

  /** The median sample of the second half of the cycles, or null before any sample. */
  Sample steady() {
    return median(samples.subList(samples.size() / 2, samples.size()));
  }

  /** The largest sample, or null before any sample. */
  Sample largest() {
    return samples.stream().max(Comparator.comparingLong(Sample::bytes)).orElse(null);
  }

  /**
   * The last quarter's median over the second quarter's (at least {@link #ONE_WAL}), or 1 with
   * fewer than 4 samples.
   */
  double drift() {
    int n = samples.size();
    if (n < 4) {
      return 1;
    }
    Sample second = median(samples.subList(n / 4, n / 2));
    Sample last = median(samples.subList(n - n / 4, n));
    return last.bytes() / (double) Math.max(ONE_WAL, second.bytes());
  }

  /** The largest sample over the steady size (at least {@link #ONE_WAL}). */
  double largestOverSteady() {
    return largest().bytes() / (double) Math.max(ONE_WAL, steady().bytes());
  }

  /** Whether the largest sample and the drift stay within {@link #BOUND}. */
  boolean withinBound() {
    Sample steady = steady();
    return steady != null && largestOverSteady() <= BOUND && drift() <= BOUND;
  }

  /** The WAL's largest sample, in bytes. */
  long largestWal() {
    return samples.stream().mapToLong(Sample::walBytes).max().orElse(0);
  }

  private static Sample median(List<Sample> part) {
    List<Sample> sorted = new ArrayList<>(part);
    sorted.sort(Comparator.comparingLong(Sample::bytes));
    return sorted.isEmpty() ? null : sorted.get(sorted.size() / 2);
  }

  /** Bytes per live user of {@code s}, or its bytes when no user was live. */
  static long perUser(Sample s) {
    return s.bytes() / Math.max(1, s.liveUsers());
  }

  /**
   * Bytes per live user of {@code s} without the WAL: a WAL of about a thousand pages (SQLite's
   * automatic checkpoint) dwarfs the database file while only thousands of leases are live.
   */
  static long perUserWithoutWal(Sample s) {
    return (s.bytes() - s.walBytes()) / Math.max(1, s.liveUsers());
  }

  private static long walBytes(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith("-wal"))
          .mapToLong(StoreSizeLedger::size)
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // deleted while walking
    }
  }
}
