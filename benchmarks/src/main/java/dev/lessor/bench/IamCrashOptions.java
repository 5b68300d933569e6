package dev.lessor.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The command line of {@link IamCrashLoop}.
 *
 * @param cycles child JVMs to start and kill
 * @param threads minting threads in each child
 * @param revocationConcurrency the revocation concurrency of each child's Lessor
 * @param store the store kind, one of {@link CrashStores#KINDS}
 * @param dir the store's directory, absent or empty; null for a new temporary one
 * @param seed the seed of the kill moments
 * @param maxRun the longest a child runs after it is ready before it is killed
 * @param startupKills the share of cycles killed at a random moment of the child's startup
 * @param passBound how many later revocations may pass an owed user (see {@link RevocationLedger});
 *     0 for four times the revocation concurrency (at most that many are in flight at once)
 * @param overdueBound the most live overdue time a user passed over more than passBound times may
 *     reach
 * @param stallBound the most ready time, added up over cycles, with users owed and none deleted
 * @param drainTimeout the longest the final restart may take to revoke everything
 */
record IamCrashOptions(
    int cycles,
    int threads,
    int revocationConcurrency,
    String store,
    Path dir,
    long seed,
    Duration maxRun,
    double startupKills,
    int passBound,
    Duration overdueBound,
    Duration stallBound,
    Duration drainTimeout) {

  IamCrashOptions {
    if (cycles < 1) {
      throw new IllegalArgumentException("--cycles must be at least 1, was " + cycles);
    }
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("--threads must be within 1..256, was " + threads);
    }
    if (revocationConcurrency < 1 || revocationConcurrency > 1024) {
      throw new IllegalArgumentException(
          "--revocation-concurrency must be within 1..1024, was " + revocationConcurrency);
    }
    if (!CrashStores.KINDS.contains(store)) {
      throw new IllegalArgumentException("--store takes " + CrashStores.KINDS + ", was " + store);
    }
    if (maxRun.isNegative() || maxRun.isZero()) {
      throw new IllegalArgumentException("--max-run-ms must be positive, was " + maxRun.toMillis());
    }
    if (!(startupKills >= 0 && startupKills <= 1)) {
      throw new IllegalArgumentException(
          "--startup-kills must be within 0..1, was " + startupKills);
    }
    if (passBound < 0) {
      throw new IllegalArgumentException("--pass-bound must not be negative, was " + passBound);
    }
    if (passBound == 0) {
      passBound = 4 * revocationConcurrency;
    }
    if (overdueBound.isNegative() || overdueBound.isZero()) {
      throw new IllegalArgumentException(
          "--overdue-bound-s must be positive, was " + overdueBound.toSeconds());
    }
    if (stallBound.isNegative() || stallBound.isZero()) {
      throw new IllegalArgumentException(
          "--stall-bound-s must be positive, was " + stallBound.toSeconds());
    }
    if (drainTimeout.isNegative() || drainTimeout.isZero()) {
      throw new IllegalArgumentException(
          "--drain-timeout-s must be positive, was " + drainTimeout.toSeconds());
    }
  }

  static IamCrashOptions parse(String... args) {
    Flags flags =
        Flags.parse(
            args,
            Set.of(
                "--cycles",
                "--threads",
                "--revocation-concurrency",
                "--store",
                "--dir",
                "--seed",
                "--max-run-ms",
                "--startup-kills",
                "--pass-bound",
                "--overdue-bound-s",
                "--stall-bound-s",
                "--drain-timeout-s"),
            usage());
    int threads = flags.integer("--threads", 6);
    int revocationConcurrency = flags.integer("--revocation-concurrency", 0);
    String dir = flags.string("--dir", null);
    return new IamCrashOptions(
        flags.integer("--cycles", 50),
        threads,
        revocationConcurrency > 0
            ? revocationConcurrency
            : IamCrashLessors.revocationConcurrency(threads),
        flags.string("--store", CrashStores.KINDS.get(0)),
        dir == null ? null : Path.of(dir),
        flags.longValue("--seed", System.nanoTime()),
        flags.millis("--max-run-ms", Duration.ofSeconds(4)),
        flags.decimal("--startup-kills", 0.2),
        flags.integer("--pass-bound", 0),
        flags.seconds("--overdue-bound-s", Duration.ofSeconds(30)),
        flags.seconds("--stall-bound-s", Duration.ofSeconds(60)),
        flags.seconds("--drain-timeout-s", Duration.ofSeconds(120)));
  }

  static String usage() {
    return String.join(
        "\n",
        "usage: IamCrashLoop [--cycles 50] [--threads 6] [--store " + CrashStores.KINDS + "]",
        "                    [--revocation-concurrency (see IamCrashLessors)]",
        "                    [--dir an absent or empty directory] [--seed n]",
        "                    [--max-run-ms 4000] [--startup-kills 0.2]",
        "                    [--pass-bound 64] [--overdue-bound-s 30] [--stall-bound-s 60]",
        "                    [--drain-timeout-s 120]");
  }
}
