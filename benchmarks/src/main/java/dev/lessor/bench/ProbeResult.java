package dev.lessor.bench;

import java.util.Locale;

/**
 * The figures of a {@link StoreCrashProbe} run. Every "lost" count is of writes the store had
 * acknowledged; {@code lostEarlier} counts rows of an earlier, verified cycle that a later kill
 * took away. {@code stuck} names the first operation that exceeded its bound, or is null.
 */
record ProbeResult(
    String store,
    int cycles,
    int kills,
    int childFailures,
    long ackInserts,
    long ackActivations,
    long ackDeletes,
    long lostInserts,
    long lostActivations,
    long lostDeletes,
    long lostEarlier,
    long rowsRewritten,
    int openFailures,
    String stuck,
    long maxBytes,
    long lastBytes,
    long seconds) {

  long lost() {
    return lostInserts + lostActivations + lostDeletes + lostEarlier;
  }

  /** True when nothing was lost, every row was writable and the store opened every time. */
  boolean passed() {
    return lost() == 0 && openFailures == 0 && stuck == null && childFailures == 0;
  }

  String report() {
    return String.format(
        Locale.ROOT,
        "store crash probe (%s): %d cycles, %d SIGKILLs, %d children failed on their own, %d s%n"
            + "  acknowledged: %,d inserts, %,d activations, %,d deletes%n"
            + "  lost: %d inserts, %d activations, %d deletes, %d rows of earlier cycles%n"
            + "  after restart: %,d rows rewritten, stuck: %s, failed opens: %d%n"
            + "  bytes on disk: %,d at the end, %,d at most%n"
            + "  %s",
        store,
        cycles,
        kills,
        childFailures,
        seconds,
        ackInserts,
        ackActivations,
        ackDeletes,
        lostInserts,
        lostActivations,
        lostDeletes,
        lostEarlier,
        rowsRewritten,
        stuck == null ? "none" : stuck,
        openFailures,
        lastBytes,
        maxBytes,
        passed() ? "PASSED" : "FAILED");
  }
}
