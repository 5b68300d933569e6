package dev.lessor.bench;

import dev.lessor.Lessor;
import dev.lessor.jdbc.JdbcStores;
import dev.lessor.testing.LocalIam;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The final restart of the crash loop, in the parent once the last child is dead: counts the IAM
 * users no lease in the store names, then runs a Lessor on the store until every other user is
 * deleted (or the bound passes) and counts what is left. Stateless, so thread-safe.
 */
final class IamCrashDrain {
  private IamCrashDrain() {}

  /**
   * The final figures.
   *
   * @param opened whether the store opened
   * @param leasesAtRestart leases the store held at the restart
   * @param usersAtRestart IAM users at the restart
   * @param orphans IAM users at the restart whose lease the store does not hold
   * @param orphansHandedOut of those, users whose credentials a child had handed out
   * @param drainMillis how long the restarted Lessor took to delete every user a lease names, or
   *     the bound
   * @param usersLeft IAM users left after the drain
   * @param leasesLeft leases left after the drain (their users gone; see {@link #run})
   * @param irrevocableLeft of those, leases whose revocation failed for good
   */
  record Result(
      boolean opened,
      int leasesAtRestart,
      int usersAtRestart,
      int orphans,
      int orphansHandedOut,
      long drainMillis,
      int usersLeft,
      long leasesLeft,
      int irrevocableLeft) {}

  /**
   * Restarts on the store of {@code options} in {@code dir} and drains it, within the options'
   * drain timeout.
   */
  static Result run(IamCrashOptions options, Path dir, LocalIam iam, Set<String> handedOut)
      throws InterruptedException {
    String store = options.store();
    Duration timeout = options.drainTimeout();
    JdbcStores stores;
    try {
      stores = CrashStores.open(store, dir);
    } catch (RuntimeException e) {
      int users = iam.users().size();
      return new Result(false, 0, users, 0, 0, 0, users, 0, 0);
    }
    try {
      // The children are dead: neither the store nor IAM moves until the Lessor below starts.
      Set<String> leases = new HashSet<>(stores.leaseStore().list(""));
      Map<String, String> users = IamUsers.leaseIds(iam);
      Set<String> orphanUsers = new HashSet<>();
      int orphansHandedOut = 0;
      for (Map.Entry<String, String> user : users.entrySet()) {
        if (!leases.contains(user.getValue())) {
          orphanUsers.add(user.getKey());
          orphansHandedOut += handedOut.contains(user.getValue()) ? 1 : 0;
        }
      }
      long started = System.nanoTime();
      long deadline = started + timeout.toNanos();
      try (Lessor lessor = IamCrashLessors.build(stores, options.revocationConcurrency())) {
        IamCrashLessors.mount(lessor);
        // Done when only users no lease names are left: nothing will ever delete those. Leases
        // whose user is already gone may stay a while longer (IamUserRevoker waits out IAM's
        // consistency window before it believes a user is gone); they hold nothing in IAM.
        while (!orphanUsers.containsAll(IamUsers.leaseIds(iam).keySet())
            && System.nanoTime() < deadline) {
          Thread.sleep(100); // a bounded poll of a background effect
        }
        long drainMillis = (System.nanoTime() - started) / 1_000_000;
        return new Result(
            true,
            leases.size(),
            users.size(),
            orphanUsers.size(),
            orphansHandedOut,
            drainMillis,
            iam.users().size(),
            lessor.leases().count(),
            lessor.leases().irrevocable().size());
      }
    } finally {
      stores.close();
    }
  }
}
