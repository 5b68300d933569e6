package dev.lessor;

import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revokes one lease: asks its engine to delete the secret, then deletes the record; a failure is
 * recorded by {@link Failures}. The same steps serve explicit revocation, expiry, rollback of a
 * failed issue and crash recovery.
 *
 * <p>A lease's revocation runs at most once at a time in this process ({@link InFlight}): the loop
 * skips a lease being revoked explicitly, and an explicit revocation waits for one the loop runs. A
 * revocation the loop claimed keeps its claim while it runs ({@link ClaimKeeper}). A lease goes
 * only to an engine of the type that issued it; otherwise it waits ({@link MountWaits}).
 */
final class Revoker {
  private static final Logger log = LoggerFactory.getLogger(Revoker.class);

  private final LeaseStore store;
  private final MountTable mounts;
  private final LeaseEvents events;
  private final Clock clock;
  private final LeaseSettings settings;
  private final ClaimKeeper claims;
  private final Activations activations;
  private final Failures failures;
  private final MountWaits waits;
  private final Ticker ticker;
  private final InFlight inFlight = new InFlight();

  Revoker(
      LeaseStore store,
      MountTable mounts,
      LeaseEvents events,
      Clock clock,
      LeaseSettings settings,
      ClaimKeeper claims,
      Activations activations,
      Failures failures,
      Ticker ticker) {
    this.store = store;
    this.mounts = mounts;
    this.events = events;
    this.clock = clock;
    this.settings = settings;
    this.claims = claims;
    this.activations = activations;
    this.failures = failures;
    this.ticker = ticker;
    this.waits = new MountWaits(store, clock, settings.mountWait());
  }

  /**
   * Revokes a lease the revocation loop claimed. Never throws for an engine failure: that is
   * recorded for a retry. A lease that no mounted engine may revoke waits for one.
   */
  void revokeClaimed(LeaseRecord claimed) {
    if (activations.adopt(claimed)) {
      return; // handed out by this live instance a moment ago: not a crash leftover
    }
    InFlight.Ticket ticket = inFlight.tryStart(claimed.id());
    if (ticket == null) {
      log.debug("lease {} is being revoked already; its revocation records the outcome", claimed);
      return;
    }
    try (ticket;
        ClaimKeeper.Claim claim = claims.hold(claimed)) {
      Optional<Mount> mount = mounts.get(claimed.mount());
      if (!usable(claimed, mount)) {
        waits.waitFor(claim.finish(), mount.map(m -> m.engine().type()).orElse(null));
        if (usable(claimed, mounts.get(claimed.mount()))) {
          // mounted while this lease was set waiting: that mount found nothing to hand over
          waits.mountAvailable(claimed.mount()); // the loop's next drain (this worker's) takes it
        }
        return;
      }
      long started = ticker.read();
      try {
        revokeWith(mount.get(), claimed, started);
        claim.finish();
      } catch (RuntimeException e) {
        failures.record(claim.finish(), e, since(started));
      }
    }
  }

  /**
   * Revokes a lease now on the caller's thread; if this process revokes it already, waits for that
   * (up to the claim timeout) and tries again only if the lease is still there.
   *
   * @throws LessorException when the engine fails; the failure is recorded for background retries
   *     and the message says when the next try is
   * @throws RetryLaterException when the engine cannot tell yet; the message says when it can
   */
  void revokeNow(LeaseRecord record) {
    LeaseRecord current = record;
    InFlight.Ticket ticket;
    while ((ticket = inFlight.tryStart(current.id())) == null) {
      inFlight.awaitRunning(current.id(), settings.claimTimeout());
      Optional<LeaseRecord> after = store.get(current.id());
      if (after.isEmpty()) {
        return; // the revocation that ran revoked it
      }
      current = after.get();
    }
    try (InFlight.Ticket mine = ticket) {
      Mount mount = mounts.requireFor(current);
      long started = ticker.read();
      try {
        revokeWith(mount, current, started);
      } catch (RuntimeException e) {
        Instant now = clock.instant();
        LeaseRecord expired =
            current.expireTime().isAfter(now) ? current.withExpireTime(now) : current;
        throw Failures.explain(current.id(), failures.record(expired, e, since(started)), e);
      }
    }
  }

  private void revokeWith(Mount mount, LeaseRecord record, long startedTick) {
    Instant started = clock.instant();
    mount.engine().revoke(record);
    if (store.delete(record.id())) {
      boolean expired =
          record.state() == LeaseState.ACTIVE && !record.expireTime().isAfter(started);
      log.debug("revoked lease {} ({})", record.id(), expired ? "expired" : "revoked");
      if (events.hasListeners()) { // no event to build for nobody: bulk revocations are hot
        events.publish(
            expired ? LeaseEvent.Type.EXPIRED : LeaseEvent.Type.REVOKED,
            record.mount(),
            record.toLease(started),
            clock.instant(),
            since(startedTick));
      }
    }
  }

  private Duration since(long startedTick) {
    return Duration.ofNanos(ticker.read() - startedTick);
  }

  private static boolean usable(LeaseRecord record, Optional<Mount> mount) {
    return mount.isPresent() && MountTable.mismatch(record, mount.get()) == null;
  }

  /**
   * Hands the leases that were waiting for an engine at {@code mount} to the revocation loop
   * ({@link #takeReady}); no I/O. The caller asks the loop for a drain.
   */
  void mountAvailable(String mount) {
    waits.mountAvailable(mount);
  }

  /**
   * Up to {@code max} leases, claimed by this instance while their mount was missing, that may go
   * now; the revocation loop revokes them before it claims more from the store.
   */
  List<LeaseRecord> takeReady(int max) {
    return waits.takeReady(max);
  }

  /** How many revocations run in this process now. */
  int inFlight() {
    return inFlight.size();
  }
}
