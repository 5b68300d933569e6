package dev.lessor.bench;

import dev.lessor.Lessor;
import dev.lessor.jdbc.JdbcStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The moonshot row: ten million live leases in the embedded store (SQLite), run only when asked
 * ({@code --only tenmillion}), once. The store is filled through {@code LeaseStore.insert} from 16
 * threads (issuing them through a durable Lessor would take hours at the journal's rate), with
 * {@value #DUE} of them falling due evenly at {@code --due-rate} a second, starting {@value
 * #LEAD_SECONDS} s after they are written (time for the restart and a settled heap reading). Then:
 *
 * <ul>
 *   <li>restart: opening the store, {@code build()}, mounting and serving a first {@code read};
 *   <li>heap: settled heap with the Lessor serving on the full store, and again once the due leases
 *       are revoked, against a Lessor serving on an empty store in the same process;
 *   <li>lateness of the due leases' revocations (engine revoke start minus expiry);
 *   <li>bytes on disk per live lease once filled.
 * </ul>
 *
 * Each step prints its progress on stderr; the drain is bounded ({@link #DRAIN_TIMEOUT} after the
 * last expiry), so a run ends in bounded time (about the fill, plus two minutes).
 */
final class TenMillionFigure {
  static final int LEASES = 10_000_000;
  static final int DUE = 100_000;
  static final int LEAD_SECONDS = 30;
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration FAR = Duration.ofDays(1);
  private static final int FILL_CHUNK = 1_000_000;
  private static final long FLAT = 64L << 20;

  private TenMillionFigure() {}

  static List<Figure> measure(HarnessOptions options) {
    return measure(
        options.tenMillionFill(),
        DUE,
        Math.max(1, DUE / options.dueRate()),
        Duration.ofSeconds(LEAD_SECONDS));
  }

  /**
   * {@code leases} live leases, {@code due} of them falling due evenly over {@code seconds}, the
   * first {@code lead} after they are written.
   */
  static List<Figure> measure(int leases, int due, int seconds, Duration lead) {
    Path empty = JournalFigures.tempDir("empty");
    Path dir = JournalFigures.tempDir("tenmillion");
    try {
      long emptyHeap = servingHeap(empty);
      Instant now = Instant.now();
      long fillStart = System.nanoTime();
      try (JdbcStores stores = JdbcStores.embedded(dir)) {
        for (int done = 0; done < leases - due; done += FILL_CHUNK) {
          int from = done;
          int count = Math.min(FILL_CHUNK, leases - due - done);
          JournalFigures.fill(
              stores.leaseStore(),
              count,
              i -> JournalFigures.record("live/" + (from + i), now, FAR));
          progress("filled %,d of %,d", from + count, leases);
        }
      }
      double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
      long disk = ProbeStores.bytesOnDisk(dir);
      Instant firstDue = Instant.now().plus(lead);
      long dueNanos = Duration.ofSeconds(seconds).toNanos();
      try (JdbcStores stores = JdbcStores.embedded(dir)) {
        JournalFigures.fill(
            stores.leaseStore(),
            due,
            i -> JournalFigures.record("due/" + i, firstDue, Duration.ofNanos(dueNanos * i / due)));
      }
      progress("%,d due leases written; restarting", due);
      RevocationLog log = new RevocationLog(Clock.systemUTC(), due);
      long start = System.nanoTime();
      long serving;
      long fullHeap;
      long drainedHeap;
      try (JdbcStores stores = JdbcStores.embedded(dir);
          Lessor lessor = onStore(stores)) {
        lessor.mount(BenchEngine.MOUNT, new BenchEngine(() -> FAR, Duration.ZERO, log));
        lessor.read(BenchEngine.CREDS);
        serving = System.nanoTime() - start;
        fullHeap = Heap.settledUsed();
        progress("serving after %s; waiting for the due leases", Stats.seconds(serving));
        Duration bound = Duration.between(Instant.now(), firstDue).plusSeconds(seconds);
        ExpiryScenario.await(() -> log.count() >= due, bound.plus(DRAIN_TIMEOUT));
        drainedHeap = Heap.settledUsed();
      }
      long[] late = log.sortedLateness();
      long heapGrowth = Math.max(fullHeap, drainedHeap) - emptyHeap;
      String size = " (" + Stats.number(leases) + " leases in SQLite)";
      String falling =
          " (" + Stats.number(due) + " falling due over " + seconds + " s, " + size.substring(2);
      return List.of(
          new Figure(
              "ten million: heap serving, then after the expiries" + size,
              Heap.mib(fullHeap) + ", then " + Heap.mib(drainedHeap),
              Heap.mib(emptyHeap) + " (serving on an empty store)",
              "+" + Heap.mib(heapGrowth),
              "within 64 MiB",
              Figure.verdict(heapGrowth <= FLAT)),
          new Figure(
              "ten million: restart, build() to serving" + size,
              Stats.seconds(serving),
              "-",
              "-",
              "≤ 1 s",
              Figure.verdict(serving <= 1e9)),
          new Figure(
              "ten million: expiry lateness p99" + falling,
              Stats.millis(Stats.percentile(late, 99)),
              "-",
              "-",
              "≤ 1 s",
              Figure.verdict(Stats.percentile(late, 99) <= 1e9)),
          new Figure(
              "ten million: expiry lateness p50, max" + falling,
              Stats.millis(Stats.percentile(late, 50)) + ", " + Stats.millis(late[late.length - 1]),
              "-",
              "-",
              "report",
              "report"),
          new Figure(
              "ten million: on disk per live lease" + size,
              Stats.bytes((double) disk / (leases - due)),
              "-",
              "-",
              "report",
              "report"),
          new Figure(
              "ten million: filling the store, leases/s (insert, 16 threads)" + size,
              Stats.number((leases - due) / fillSeconds) + "/s",
              "-",
              "-",
              "report",
              "report"));
    } finally {
      JournalFigures.deleteQuietly(empty);
      JournalFigures.deleteQuietly(dir);
    }
  }

  /** Settled heap with a Lessor serving on the (empty) store in {@code dir}. */
  private static long servingHeap(Path dir) {
    try (JdbcStores stores = JdbcStores.embedded(dir);
        Lessor lessor = onStore(stores)) {
      lessor.mount(BenchEngine.MOUNT, BenchEngine.fixedTtl(FAR));
      lessor.read(BenchEngine.CREDS);
      return Heap.settledUsed();
    }
  }

  private static Lessor onStore(JdbcStores stores) {
    return Lessor.builder().leaseStore(stores.leaseStore()).storage(stores.storage()).build();
  }

  private static void progress(String format, Object... args) {
    System.err.printf("[%tT] %s%n", System.currentTimeMillis(), String.format(format, args));
  }
}
