package dev.lessor;

import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a claim this instance took a while ago still stands, before it is revoked: a lease that
 * was revoked explicitly (here or by another instance), renewed or claimed again meanwhile must not
 * go to its engine on the strength of the old claim.
 */
final class StandingClaim {
  private StandingClaim() {}

  /**
   * The stored record of {@code held} if its claim still stands: the record exists with the same
   * version and due time, and that due time is after {@code now}; empty otherwise. One store read.
   */
  static Optional<LeaseRecord> reread(LeaseStore store, LeaseRecord held, Instant now) {
    return store
        .get(held.id())
        .filter(
            stored ->
                stored.version() == held.version()
                    && stored.dueTime().equals(held.dueTime())
                    && stored.dueTime().isAfter(now));
  }
}
