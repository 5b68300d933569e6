package dev.lessor;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of the lease store for monitoring: how many leases there are by mount and state, and
 * how far revocation is behind. Obtained from {@link LeaseManager#stats(Duration)}.
 *
 * <p>It covers every record in the store, so with a store shared by several instances it counts the
 * leases of all of them, and with a durable store those left by earlier runs.
 *
 * @param time when it was taken, by the Lessor's clock
 * @param groups the leases of each mount in each state; only groups that have leases, sorted by
 *     mount then state
 */
public record LeaseStats(Instant time, List<Group> groups) {
  private static final Comparator<Group> ORDER =
      Comparator.comparing(Group::mount).thenComparing(Group::state);

  public LeaseStats {
    Objects.requireNonNull(time, "time");
    groups = groups.stream().sorted(ORDER).toList();
  }

  /**
   * The leases of one mount in one state.
   *
   * @param mount the mount path that issued them, such as {@code aws/}
   * @param state their state
   * @param count how many there are (at least one)
   * @param earliestExpiry the earliest {@link Lease#expireTime()} among them
   */
  public record Group(String mount, LeaseState state, long count, Instant earliestExpiry) {
    public Group {
      Objects.requireNonNull(mount, "mount");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(earliestExpiry, "earliestExpiry");
    }
  }

  /** How many leases of {@code mount} are in {@code state}. */
  public long count(String mount, LeaseState state) {
    return groups.stream()
        .filter(g -> g.mount().equals(mount) && g.state() == state)
        .mapToLong(Group::count)
        .sum();
  }

  /** How many leases of every mount are in {@code state}. */
  public long count(LeaseState state) {
    return groups.stream().filter(g -> g.state() == state).mapToLong(Group::count).sum();
  }

  /** The mounts that have leases, sorted. */
  public List<String> mounts() {
    return groups.stream().map(Group::mount).distinct().toList();
  }

  /**
   * How far revocation is behind: the time from the earliest expiry of a lease that still exists
   * and is not {@link LeaseState#IRREVOCABLE} to {@link #time()}; zero when none has expired. A
   * lease is revoked within moments of its expiry, so a lag that grows means leases stay past their
   * expiry: their revocation fails and is retried, their mount is not mounted, or the revocation
   * workers cannot keep up. (A lease whose explicit revocation failed counts from that request.)
   * Irrevocable leases are left out, since they would hold the lag up for good; count them with
   * {@link #count(LeaseState)}.
   */
  public Duration revocationLag() {
    return groups.stream()
        .filter(g -> g.state() != LeaseState.IRREVOCABLE)
        .map(Group::earliestExpiry)
        .min(Comparator.naturalOrder())
        .filter(time::isAfter)
        .map(earliest -> Duration.between(earliest, time))
        .orElse(Duration.ZERO);
  }
}
