package dev.lessor.bench;

import dev.lessor.testing.LocalIam;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads what the crash loop needs from LocalIam's users: the lease each belongs to and when that
 * lease became due at the latest, from the tags the AWS engine writes when it creates the user.
 * Stateless, so thread-safe.
 */
final class IamUsers {
  /** The tag naming the user's lease (the engine's IamTags.LEASE_ID). */
  static final String LEASE_ID_TAG = "lessor-lease-id";

  /** The tag holding the lease's expiry, truncated to seconds (the engine's IamTags). */
  static final String EXPIRE_TIME_TAG = "lessor-expire-time";

  private IamUsers() {}

  /**
   * The users LocalIam holds now, with the latest instant each one's lease can have become due, and
   * how many of those due before {@code at} are half deleted. An active lease is due at its expiry;
   * a pending one (its child killed mid-mint) at its issue time plus the pending timeout, which is
   * the expiry minus the TTL plus the pending timeout. The tag is truncated to the second, hence
   * the extra second. A user without the tag (none is expected) counts as due from its creation
   * plus the longer of the two times.
   */
  static Snapshot snapshot(LocalIam iam, Instant at) {
    Duration pendingPastExpiry = IamCrashLessors.PENDING_TIMEOUT.minus(IamCrashLessors.TTL);
    Duration afterExpiry =
        Duration.ofSeconds(1)
            .plus(pendingPastExpiry.isNegative() ? Duration.ZERO : pendingPastExpiry);
    Duration longer =
        IamCrashLessors.TTL.compareTo(IamCrashLessors.PENDING_TIMEOUT) >= 0
            ? IamCrashLessors.TTL
            : IamCrashLessors.PENDING_TIMEOUT;
    Map<String, Instant> dues = new HashMap<>();
    int halfDeleted = 0;
    for (LocalIam.User user : iam.users()) {
      Instant due;
      try {
        due = Instant.parse(user.tags().get(EXPIRE_TIME_TAG)).plus(afterExpiry);
      } catch (NullPointerException | DateTimeParseException e) {
        due = user.createDate().plus(longer).plusSeconds(1);
      }
      dues.put(user.name(), due);
      // A mint puts the policy and then the key; a revocation deletes them and then the user. A
      // user past its due time that lacks either was caught by the kill in mid-revocation.
      if (due.isBefore(at) && (user.accessKeys().isEmpty() || user.inlinePolicies().isEmpty())) {
        halfDeleted++;
      }
    }
    return new Snapshot(dues, halfDeleted);
  }

  /**
   * The users LocalIam holds at one moment.
   *
   * @param dueTimes the latest instant each user's lease can have become due, by user name
   * @param halfDeleted users already due whose policy or key is gone: a revocation was cut short
   */
  record Snapshot(Map<String, Instant> dueTimes, int halfDeleted) {}

  /** The lease id each user's tag names ("" when it has none), by user name. */
  static Map<String, String> leaseIds(LocalIam iam) {
    Map<String, String> ids = new HashMap<>();
    for (LocalIam.User user : iam.users()) {
      ids.put(user.name(), user.tags().getOrDefault(LEASE_ID_TAG, ""));
    }
    return ids;
  }
}
