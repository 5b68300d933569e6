package dev.lessor.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one crash loop run, printed as {@code name: value} lines.
 *
 * @param options what was run
 * @param cycles cycles run (fewer than asked when the loop was aborted)
 * @param aborted why the loop stopped early, or null
 * @param startupKills children killed before they were ready
 * @param readyKills children killed after they were ready
 * @param revokingKills of those, children killed within 500 ms of a revocation they reported
 * @param midRevocationKills kills that left a due user half deleted (a revocation cut short)
 * @param stuckStartups children not ready within the startup bound (killed then)
 * @param openFailures children whose store did not open
 * @param exitedEarly children that ended before the kill
 * @param undead children that did not die within 30 s of SIGKILL
 * @param handedOut credentials handed out by all children
 * @param mintErrors failed mints
 * @param revoked revocations the children reported
 * @param revocationFailures failed revocation attempts the children reported
 * @param mintMillis median, p99 and max of a successful mint, in ms
 * @param ledger the revocation figures ({@link RevocationLedger})
 * @param firstCycleOverBound the first cycle after which the ledger was over a bound, or -1
 * @param drain the final restart and drain
 * @param drainHung whether the final drain did not return within its bound
 * @param sizes the store's bytes on disk after each kill
 * @param afterCleanClose the store's bytes once the final drain closed it, or -1 if it hung
 * @param iamCalls the calls LocalIam served over the whole run (drain included), by action
 * @param elapsed the run's wall time
 * @param messages the first failure messages of the children
 */
record IamCrashResult(
    IamCrashOptions options,
    int cycles,
    String aborted,
    int startupKills,
    int readyKills,
    int revokingKills,
    int midRevocationKills,
    int stuckStartups,
    int openFailures,
    int exitedEarly,
    int undead,
    long handedOut,
    long mintErrors,
    long revoked,
    long revocationFailures,
    List<Long> mintMillis,
    RevocationLedger ledger,
    int firstCycleOverBound,
    IamCrashDrain.Result drain,
    boolean drainHung,
    StoreSizeLedger sizes,
    long afterCleanClose,
    Map<String, Integer> iamCalls,
    Duration elapsed,
    List<String> messages) {

  IamCrashResult {
    mintMillis = List.copyOf(mintMillis);
    iamCalls = Map.copyOf(iamCalls);
    messages = List.copyOf(messages);
  }

  /** Automatic revocation kept every user within the bound through the whole loop. */
  boolean revocationKeptWorking() {
    return aborted == null && !ledger.overBound();
  }

  /** After the final restart and drain, no IAM user was left, and none lacked a lease. */
  boolean noLeak() {
    return !drainHung && drain.opened() && drain.orphans() == 0 && drain.usersLeft() == 0;
  }

  /** The store opened in every cycle and every child started. */
  boolean storeAlwaysOpened() {
    return openFailures == 0 && stuckStartups == 0 && drain.opened();
  }

  /** The store's files stayed within twice their steady size (see {@link StoreSizeLedger}). */
  boolean fileWithinBound() {
    return sizes.withinBound();
  }

  boolean passed() {
    return revocationKeptWorking() && noLeak() && storeAlwaysOpened() && fileWithinBound();
  }

  private void printSizes(PrintStream out) {
    StoreSizeLedger.Sample steady = sizes.steady();
    StoreSizeLedger.Sample largest = sizes.largest();
    out.printf(
        "store on disk after each kill: steady (median of the second half) %,d bytes at %d live"
            + " IAM users (%,d per user, %,d without the WAL); largest %,d bytes (%.2fx steady)"
            + " after cycle %d at %d live users (%,d per user, %,d without the WAL); last quarter's"
            + " median %.2fx the second quarter's (both ratios against at least one full WAL, %,d"
            + " bytes); WAL at most %,d bytes%n",
        steady.bytes(),
        steady.liveUsers(),
        StoreSizeLedger.perUser(steady),
        StoreSizeLedger.perUserWithoutWal(steady),
        largest.bytes(),
        sizes.largestOverSteady(),
        largest.cycle(),
        largest.liveUsers(),
        StoreSizeLedger.perUser(largest),
        StoreSizeLedger.perUserWithoutWal(largest),
        sizes.drift(),
        StoreSizeLedger.ONE_WAL,
        sizes.largestWal());
    out.printf(
        "store after the final drain and a clean close: %,d bytes, %d leases left%n",
        afterCleanClose, drain.leasesLeft());
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }

  void print(PrintStream out) {
    IamCrashOptions o = options;
    out.printf(
        "IAM crash loop: store %s, %d threads, %d of %d cycles, seed %d, max run %d ms,"
            + " startup kills %.0f %%%n",
        o.store(),
        o.threads(),
        cycles,
        o.cycles(),
        o.seed(),
        o.maxRun().toMillis(),
        o.startupKills() * 100);
    if (aborted != null) {
      out.println("aborted: " + aborted);
    }
    out.printf(
        "kills: %d during startup, %d after ready (%d while revoking, %d left a user half"
            + " deleted)%n",
        startupKills, readyKills, revokingKills, midRevocationKills);
    out.printf(
        "children: %d stuck at startup, %d store open failures, %d exited early, %d undead%n",
        stuckStartups, openFailures, exitedEarly, undead);
    out.printf(
        "minted: %d credentials handed out, %d mint errors, mint ms p50 %d p99 %d max %d%n",
        handedOut, mintErrors, mintMillis.get(0), mintMillis.get(1), mintMillis.get(2));
    out.printf(
        "revoked by children: %d, failed revocation attempts: %d%n", revoked, revocationFailures);
    out.printf(
        "revocation order: %d users passed over (more than %d later revocations and more than"
            + " %d s of live overdue time); worst %d passes, worst live overdue %.1f s%n",
        ledger.passedOver(),
        ledger.passBound(),
        ledger.overdueBound().toSeconds(),
        ledger.worstPasses(),
        seconds(ledger.worstOverdue()));
    out.printf(
        "revocation stalls: at most %.1f s of ready time with users owed and none deleted"
            + " (bound %d s)%n",
        seconds(ledger.worstStall()), ledger.stallBound().toSeconds());
    out.printf(
        "first cycle over a bound: %d; IAM users deleted during the loop: %d%n",
        firstCycleOverBound, ledger.deleted());
    out.printf(
        "final restart: store opened %s, %d leases, %d IAM users, %d users without a lease"
            + " (%d of them handed out)%n",
        drain.opened(),
        drain.leasesAtRestart(),
        drain.usersAtRestart(),
        drain.orphans(),
        drain.orphansHandedOut());
    out.printf(
        "final drain: %d ms%s, %d IAM users left, %d leases left (users gone, %d irrevocable)%n",
        drain.drainMillis(),
        drainHung ? " (HUNG)" : "",
        drain.usersLeft(),
        drain.leasesLeft(),
        drain.irrevocableLeft());
    out.println("IAM calls: " + new TreeMap<>(iamCalls));
    printSizes(out);
    for (String message : messages) {
      out.println("child said: " + message);
    }
    out.printf("elapsed: %d s%n", elapsed.toSeconds());
    out.println("revocation kept working: " + Figure.verdict(revocationKeptWorking()));
    out.println("no leaked IAM user: " + Figure.verdict(noLeak()));
    out.println("store opened every time: " + Figure.verdict(storeAlwaysOpened()));
    out.println("file within 2x of steady size: " + Figure.verdict(fileWithinBound()));
    out.println("result: " + Figure.verdict(passed()));
  }
}
