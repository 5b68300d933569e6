package dev.lessor;

import dev.lessor.engine.LeaseIssuer;
import dev.lessor.engine.LeaseTerms;
import dev.lessor.engine.PendingLease;
import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease side of one request, keeping the core invariant: the lease is recorded PENDING before
 * the engine calls out, becomes ACTIVE when the handler returns, and is revoked at once when the
 * handler throws. The ACTIVE write goes without the caller waiting when {@link Activations} allows
 * it. It is also the {@link PendingLease} the handler gets back from {@link #begin}. Used by one
 * request on its own thread.
 */
final class Issuance implements LeaseIssuer, PendingLease {
  private static final Logger log = LoggerFactory.getLogger(Issuance.class);

  /**
   * What every issuance of one Lessor works with: one reference per request instead of six, since
   * an issuance is created for every request.
   */
  record Shared(
      PathNames paths,
      LeaseStore store,
      Clock clock,
      LeaseSettings settings,
      RevocationLoop loop,
      Activations activations) {}

  private final String requestPath;
  private final String mountPath;
  private final String engineType;
  private final Shared shared;
  private LeaseRecord pending;
  private Instant issued; // the pending lease's times as begun, and its TTL
  private Instant expires;
  private Duration granted;
  private String cappedWarning;

  Issuance(String requestPath, String mountPath, String engineType, Shared shared) {
    this.requestPath = requestPath;
    this.mountPath = mountPath;
    this.engineType = engineType;
    this.shared = shared;
  }

  @Override
  public PendingLease begin(LeaseTerms terms, Map<String, String> internal) {
    Objects.requireNonNull(terms, "terms");
    Objects.requireNonNull(internal, "internal");
    if (pending != null) {
      throw new IllegalStateException("a request issues at most one lease");
    }
    Instant now = shared.clock().instant();
    // both are capped at the Lessor's maxLeaseTtl (at most Durations.MAX), so now.plus cannot
    // overflow whatever TTL the engine asked for
    Duration max = shared.settings().effectiveMax(terms.maxTtl());
    Duration ttl = min(shared.settings().effectiveTtl(terms.ttl()), max);
    if (!terms.ttl().isZero() && terms.ttl().compareTo(ttl) > 0) {
      cappedWarning = TtlWarning.capped(terms.ttl(), ttl);
    }
    String path = shared.paths().share(requestPath);
    Instant expire = now.plus(ttl);
    issued = now;
    expires = expire;
    granted = ttl;
    pending =
        new LeaseRecord( // the constructor, not the builder: this runs on every issue
            LeaseIds.next(path),
            mountPath,
            engineType,
            path,
            LeaseState.PENDING,
            now,
            expire,
            max.equals(ttl) ? expire : now.plus(max), // one Instant fewer for a fixed lease
            terms.renewable(),
            internal,
            now.plus(shared.settings().pendingTimeout()),
            0,
            null,
            0);
    shared.store().insert(pending);
    shared.loop().leaseDueAt(pending.dueTime());
    log.debug("lease {} pending", pending.id());
    return this;
  }

  /** Whether the handler began a lease. */
  boolean begun() {
    return pending != null;
  }

  /**
   * Makes the pending lease active: without waiting for the write when {@link Activations#mayDefer}
   * says so (the lease is then ACTIVE for the caller at once and in the store a moment later),
   * otherwise durably before returning.
   *
   * @return the active lease
   * @throws LessorException if the lease was taken meanwhile (its pending timeout passed while the
   *     engine worked); the caller then revokes it
   */
  LeaseRecord activate() {
    if (shared.activations().mayDefer(pending)) {
      // due at its expiry, no earlier than the pending deadline: the wake-up asked for covers it
      pending = shared.activations().defer(pending);
      return pending;
    }
    LeaseRecord stored =
        shared
            .store()
            .activate(pending)
            .orElseThrow(
                () ->
                    new LessorException(
                        "lease "
                            + pending.id()
                            + " was taken for a crash leftover before its request finished (the"
                            + " pending timeout of "
                            + shared.settings().pendingTimeout()
                            + " passed); the secret is revoked"));
    Instant pendingDue = pending.dueTime();
    pending = stored;
    if (stored.dueTime().isBefore(pendingDue)) {
      // the wake-up asked for at begin() covers a later due time: the loop then reads the store
      shared.loop().leaseDueAt(stored.dueTime());
    }
    return stored;
  }

  /**
   * The caller's view of {@code active}, the record {@link #activate} returned: its TTL is the one
   * granted, the Duration computed at begin when the store kept the times as written.
   */
  Lease lease(LeaseRecord active) {
    Duration ttl =
        active.issueTime().equals(issued) && active.expireTime().equals(expires)
            ? granted
            : Duration.between(active.issueTime(), active.expireTime());
    return new Lease(
        active.id(),
        active.path(),
        active.issueTime(),
        active.expireTime(),
        active.maxExpireTime(),
        ttl,
        active.renewable(),
        active.state());
  }

  /** What the caller should know about the lease: that its TTL was capped, or nothing. */
  List<String> warnings() {
    return cappedWarning == null ? List.of() : List.of(cappedWarning);
  }

  /** The pending record as last written. */
  LeaseRecord record() {
    return pending;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  // PendingLease, as the handler sees its lease once begun: this object, not one more per issue

  @Override
  public String id() {
    return pending.id();
  }

  @Override
  public Instant expireTime() {
    return pending.expireTime();
  }

  @Override
  public void updateInternal(Map<String, String> internal) {
    pending =
        shared
            .store()
            .update(pending.withInternal(internal))
            .orElseThrow(
                () ->
                    new LessorException(
                        "lease " + pending.id() + " changed while its request was running"));
  }
}
