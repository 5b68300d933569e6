package dev.lessor.bench;

import dev.lessor.Lessor;
import dev.lessor.jdbc.JdbcStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The moonshot row: ten million live leases in the embedded store (SQLite) or PostgreSQL ({@code
 * --ten-million-store}), run only when asked ({@code --only tenmillion}), once. Issuing them
 * through a durable Lessor would take hours at the journal's rate, so the store is filled as {@link
 * TenMillionStore} says (SQLite: {@code LeaseStore.insert} from 16 threads; PostgreSQL: copies of a
 * row the store wrote), and a few leases are read back through the store before anything is
 * measured. {@value #DUE} more leases, written through {@code LeaseStore.insert}, fall due evenly
 * at {@code --due-rate} a second, starting {@value #LEAD_SECONDS} s after they are written (time
 * for the restart and a settled heap reading). Then:
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
  private static final long FLAT = 64L << 20;

  /** Many, so that PostgreSQL's group commit carries large batches. */
  private static final int DUE_FILL_THREADS = 64;

  private static final long REPORT_EVERY = Duration.ofSeconds(10).toNanos();

  private TenMillionFigure() {}

  static List<Figure> measure(HarnessOptions options) {
    try (TenMillionStore store = TenMillionStore.named(options.tenMillionStore())) {
      return measure(
          store,
          options.tenMillionFill(),
          DUE,
          Math.max(1, DUE / options.dueRate()),
          Duration.ofSeconds(LEAD_SECONDS));
    }
  }

  /**
   * {@code leases} live leases in {@code store}, {@code due} of them falling due evenly over {@code
   * seconds}, the first {@code lead} after they are written (plus the store's {@link
   * TenMillionStore#dueFillAllowance}).
   */
  static List<Figure> measure(
      TenMillionStore store, int leases, int due, int seconds, Duration lead) {
    long emptyHeap = servingHeap(store);
    // Microseconds, as the stores keep instants, so that the far leases read back equal.
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    int far = leases - due;
    long fillStart = System.nanoTime();
    try (JdbcStores stores = store.open()) {
      for (int done = 0; done < far; done += TenMillionStore.CHUNK) {
        int count = Math.min(TenMillionStore.CHUNK, far - done);
        store.fillChunk(stores, done, count, now, FAR);
        progress("filled %,d of %,d", done + count, leases);
      }
      store.filled();
      TenMillionStore.verify(stores.leaseStore(), far, now, FAR);
    }
    double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
    long disk = store.bytesOnDisk();
    Instant firstDue = Instant.now().plus(lead).plus(store.dueFillAllowance(due));
    long dueNanos = Duration.ofSeconds(seconds).toNanos();
    long dueStart = System.nanoTime();
    try (JdbcStores stores = store.open()) {
      JournalFigures.fill(
          stores.leaseStore(),
          due,
          i -> JournalFigures.record("due/" + i, firstDue, Duration.ofNanos(dueNanos * i / due)),
          DUE_FILL_THREADS);
    }
    progress(
        "%,d due leases written in %s; restarting",
        due, Stats.seconds(System.nanoTime() - dueStart));
    if (Instant.now().isAfter(firstDue.minus(lead.dividedBy(2)))) {
      throw new IllegalStateException(
          "writing the due leases took too long: the first falls due at " + firstDue);
    }
    RevocationLog log = new RevocationLog(Clock.systemUTC(), due);
    long start = System.nanoTime();
    long serving;
    long fullHeap;
    long drainedHeap;
    boolean drained;
    try (JdbcStores stores = store.open();
        Lessor lessor = onStore(stores)) {
      lessor.mount(BenchEngine.MOUNT, new BenchEngine(() -> FAR, Duration.ZERO, log));
      lessor.read(BenchEngine.CREDS);
      serving = System.nanoTime() - start;
      fullHeap = Heap.settledUsed();
      progress("serving after %s; waiting for the due leases", Stats.seconds(serving));
      Duration bound = Duration.between(Instant.now(), firstDue).plusSeconds(seconds);
      drained = drain(log, due, bound.plus(DRAIN_TIMEOUT));
      drainedHeap = Heap.settledUsed();
    }
    long[] late = log.sortedLateness();
    if (late.length == 0) {
      throw new IllegalStateException("no due lease was revoked");
    }
    long[] starts = log.sortedStarts();
    double drainRate = (late.length - 1) * 1e9 / Math.max(1, starts[late.length - 1] - starts[0]);
    String revoked =
        drained ? "" : " (only " + Stats.number(late.length) + " revoked before the bound)";
    long heapGrowth = Math.max(fullHeap, drainedHeap) - emptyHeap;
    String size = " (" + Stats.number(leases) + " leases in " + store.displayName() + ")";
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
            Stats.millis(Stats.percentile(late, 99)) + revoked,
            "-",
            "-",
            "≤ 1 s",
            Figure.verdict(drained && Stats.percentile(late, 99) <= 1e9)),
        new Figure(
            "ten million: expiry lateness p50, max; revocations/s" + falling,
            Stats.millis(Stats.percentile(late, 50))
                + ", "
                + Stats.millis(late[late.length - 1])
                + "; "
                + Stats.number(drainRate)
                + "/s",
            "-",
            "-",
            "report",
            "report"),
        new Figure(
            "ten million: on disk per live lease" + size,
            Stats.bytes((double) disk / far),
            "-",
            "-",
            "report",
            "report"),
        new Figure(
            "ten million: filling the store, leases/s (" + store.fillMethod() + ")" + size,
            Stats.number(far / fillSeconds) + "/s",
            "-",
            "-",
            "report",
            "report"));
  }

  /**
   * Waits until {@code due} revocations started or {@code timeout} passed, saying every ten seconds
   * how many started; returns whether all did.
   */
  private static boolean drain(RevocationLog log, int due, Duration timeout) {
    long start = System.nanoTime();
    long end = start + timeout.toNanos();
    long nextReport = start + REPORT_EVERY;
    while (log.count() < due && System.nanoTime() < end) {
      BenchEngine.pause(1_000_000L);
      if (System.nanoTime() >= nextReport) {
        progress("%,d of %,d due leases revoked", log.count(), due);
        nextReport += REPORT_EVERY;
      }
    }
    return log.count() >= due;
  }

  /** Settled heap with a Lessor serving on an empty store. */
  private static long servingHeap(TenMillionStore store) {
    try (JdbcStores stores = store.openEmpty();
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
