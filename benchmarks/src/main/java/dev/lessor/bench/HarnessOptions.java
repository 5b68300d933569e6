package dev.lessor.bench;

import java.time.Duration;
import java.util.Set;

/**
 * The harness's command line.
 *
 * @param leases live leases for the memory and lateness figures; the mass expiry uses a tenth
 * @param runs runs per figure; each figure is the median of the runs
 * @param concurrency revocation concurrency of the Lessor under test (and threads of the baseline)
 * @param expiryRate expiries per second in the lateness figure (leases spread evenly)
 * @param revokeLatency how long each revocation takes in the mass expiry figure
 * @param rateLimit the revocation rate limit checked by the mass expiry figure, per second, or 0
 *     for a tenth of the mass expiry's leases per second (so the limited drain takes about 10 s)
 * @param dueRate leases falling due per second in the ten-million row ({@value #TEN_MILLION})
 * @param tenMillionFill live leases the ten-million row fills the store with: ten million, or fewer
 *     to measure its expiry lateness without the long fill
 * @param tenMillionStore where the ten-million row keeps its leases: {@code sqlite} (the embedded
 *     store) or {@code postgres} (the PostgreSQL named by {@code LESSOR_TEST_POSTGRES_URL})
 * @param only the figure groups to run, or empty for all but {@value #TEN_MILLION}
 */
record HarnessOptions(
    int leases,
    int runs,
    int concurrency,
    int expiryRate,
    Duration revokeLatency,
    int rateLimit,
    int dueRate,
    int tenMillionFill,
    String tenMillionStore,
    Set<String> only) {

  static final int DEFAULT_LEASES = 100_000;

  /** The ten-million-lease row: long, so it runs only when {@code --only} names it. */
  static final String TEN_MILLION = "tenmillion";

  static final Set<String> GROUPS =
      Set.of(
          "memory",
          "issue",
          "revoke",
          "schedule",
          "lateness",
          "mass",
          "journal",
          "disk",
          "aws",
          "provider",
          "scrape",
          TEN_MILLION);

  HarnessOptions {
    positive("leases", leases);
    positive("runs", runs);
    positive("concurrency", concurrency);
    positive("expiry-rate", expiryRate);
    positive("due-rate", dueRate);
    if (tenMillionFill <= TenMillionFigure.DUE) {
      throw new IllegalArgumentException(
          "--ten-million-fill must exceed the "
              + TenMillionFigure.DUE
              + " due leases, was "
              + tenMillionFill);
    }
    if (!TenMillionStore.NAMES.contains(tenMillionStore)) {
      throw new IllegalArgumentException(
          "--ten-million-store takes sqlite or postgres, was " + tenMillionStore);
    }
    if (rateLimit < 0) {
      throw new IllegalArgumentException("--rate-limit must not be negative, was " + rateLimit);
    }
    if (leases < 10) {
      throw new IllegalArgumentException("--leases must be at least 10, was " + leases);
    }
    only = Set.copyOf(only);
    for (String group : only) {
      if (!GROUPS.contains(group)) {
        throw new IllegalArgumentException("--only takes " + GROUPS + ", was " + group);
      }
    }
  }

  static HarnessOptions parse(String... args) {
    Flags flags =
        Flags.parse(
            args,
            Set.of(
                "--leases",
                "--runs",
                "--concurrency",
                "--expiry-rate",
                "--revoke-latency-ms",
                "--rate-limit",
                "--due-rate",
                "--ten-million-fill",
                "--ten-million-store",
                "--only"),
            usage());
    String only = flags.string("--only", null);
    return new HarnessOptions(
        flags.integer("--leases", DEFAULT_LEASES),
        flags.integer("--runs", 3),
        flags.integer("--concurrency", 16),
        flags.integer("--expiry-rate", 20_000),
        flags.millis("--revoke-latency-ms", Duration.ofMillis(1)),
        flags.integer("--rate-limit", 0),
        flags.integer("--due-rate", 2_000),
        flags.integer("--ten-million-fill", TenMillionFigure.LEASES),
        flags.string("--ten-million-store", TenMillionStore.SQLITE),
        only == null ? Set.of() : Set.of(only.split(",")));
  }

  /** Leases in the mass expiry: a tenth of {@link #leases()}, so 100,000 at full size. */
  int massLeases() {
    return Math.max(10, leases / 10);
  }

  /** The rate limit of the mass expiry's limited run, per second. */
  int massRateLimit() {
    return rateLimit > 0 ? rateLimit : Math.max(10, massLeases() / 10);
  }

  boolean runs(String group) {
    return only.contains(group) || (only.isEmpty() && !group.equals(TEN_MILLION));
  }

  /** Heap the figures need at this size, with room for the garbage of issuing. */
  long heapNeeded() {
    return (256L << 20) + leases * 1_600L;
  }

  static String usage() {
    return "usage: ScaleHarness [--leases N (default "
        + DEFAULT_LEASES
        + ")] [--runs 3] [--concurrency 16] [--expiry-rate 20000] [--revoke-latency-ms 1]"
        + " [--rate-limit N (default: mass leases / 10)] [--due-rate 2000] [--ten-million-fill 10000000] [--ten-million-store sqlite|postgres] [--only memory,issue,revoke,schedule,lateness,mass,journal,disk,aws,provider,scrape,tenmillion]";
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException("--" + name + " must be positive, was " + value);
    }
  }
}
