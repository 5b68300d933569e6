package dev.lessor;

import dev.lessor.engine.LeaseTerms;
import dev.lessor.internal.Durations;
import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The {@link LeaseManager} over a lease store, the mount table and the revoker. Thread-safe. */
final class DefaultLeaseManager implements LeaseManager {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(DefaultLeaseManager.class);
  private static final int MAX_CONFLICT_RETRIES = 5;
  private static final int IRREVOCABLE_LIST_LIMIT = 10_000;

  private final LeaseStore store;
  private final MountTable mounts;
  private final LeaseEvents events;
  private final Clock clock;
  private final LeaseSettings settings;
  private final Revoker revoker;
  private final BulkRevocation bulk;
  private final StatsCache stats;
  private final Activations activations;

  DefaultLeaseManager(
      LeaseStore store,
      MountTable mounts,
      LeaseEvents events,
      Clock clock,
      LeaseSettings settings,
      Revoker revoker,
      BulkRevocation bulk,
      Ticker ticker,
      Activations activations) {
    this.store = store;
    this.mounts = mounts;
    this.events = events;
    this.clock = clock;
    this.settings = settings;
    this.revoker = revoker;
    this.bulk = bulk;
    this.stats = new StatsCache(store, clock, ticker);
    this.activations = activations;
  }

  @Override
  public Optional<Lease> lookup(String id) {
    Objects.requireNonNull(id, "id");
    activations.settle(id); // a lease just issued reads ACTIVE, as its caller was told
    Instant now = clock.instant();
    return store.get(id).map(r -> r.toLease(now));
  }

  @Override
  public List<String> list(String prefix) {
    return store.list(Objects.requireNonNull(prefix, "prefix"));
  }

  @Override
  public Lease renew(String id, Duration increment) {
    return renewWithWarnings(id, increment).lease();
  }

  /** Renews, and says what was capped. */
  Renewal renewWithWarnings(String id, Duration increment) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(increment, "increment");
    Durations.check("increment", increment);
    for (int attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      LeaseRecord record = require(id);
      Instant now = clock.instant();
      checkRenewable(record, now);
      Mount mount = mounts.requireFor(record);
      LeaseTerms terms = mount.engine().renew(record, increment);
      Duration ttl = increment.isZero() ? settings.effectiveTtl(terms.ttl()) : increment;
      Instant max = record.maxExpireTime();
      // compared as durations, so that an engine's huge maxTtl cannot overflow an Instant
      Duration lifetime = Duration.between(record.issueTime(), max);
      if (!terms.maxTtl().isZero() && terms.maxTtl().compareTo(lifetime) < 0) {
        max = record.issueTime().plus(terms.maxTtl());
      }
      if (!max.isAfter(now)) {
        throw new OperationNotSupportedException(
            "lease " + id + " is past its max TTL, cannot renew");
      }
      List<String> warnings = new ArrayList<>();
      Instant expire;
      if (ttl.compareTo(Duration.between(now, max)) <= 0) {
        expire = now.plus(ttl);
      } else {
        warnings.add(TtlWarning.capped(ttl, Duration.between(now, max)));
        expire = max;
      }
      Optional<LeaseRecord> stored =
          store.update(record.withExpireTime(expire).withDueTime(expire));
      if (stored.isPresent()) {
        Lease lease = stored.get().toLease(now);
        events.publish(LeaseEvent.Type.RENEWED, record.mount(), lease, now);
        return new Renewal(lease, List.copyOf(warnings));
      }
    }
    throw new LessorException(
        "lease " + id + " kept changing during renewal; try again", null, true);
  }

  private static void checkRenewable(LeaseRecord record, Instant now) {
    String id = record.id();
    String refusal =
        switch (record.state()) {
          case IRREVOCABLE ->
              "lease " + id + " is irrevocable (its revocation failed), cannot renew";
          case PENDING -> "lease " + id + " is still pending, cannot renew";
          case ACTIVE -> null;
        };
    if (refusal == null && !record.renewable()) {
      refusal = "lease " + id + " is not renewable";
    } else if (refusal == null && !record.expireTime().isAfter(now)) {
      refusal = "lease " + id + " has expired, cannot renew";
    }
    if (refusal != null) {
      throw new OperationNotSupportedException(refusal);
    }
  }

  @Override
  public void revoke(String id) {
    revoker.revokeNow(require(id));
  }

  @Override
  public int revokePrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    activations.settleAll();
    return explain(bulk.revokePrefix(prefix), "under '" + prefix + "'");
  }

  /**
   * Revokes these leases concurrently on the revocation workers, and returns when each is revoked
   * or on the retry path.
   *
   * @param what names the leases for the error message, such as {@code under 'aws/'}
   * @throws UpstreamException if any could not be revoked, saying when the first will be retried
   */
  int revokeAll(List<String> ids, String what) {
    activations.settleAll();
    return explain(bulk.revoke(ids, BulkRevocation.NO_DEADLINE), what);
  }

  private static int explain(BulkRevocation.Result result, String what) {
    if (!result.failed().isEmpty()) {
      var first = result.failed().entrySet().iterator().next();
      LessorException firstFailure = first.getValue();
      int failed = result.failed().size();
      throw new UpstreamException(
          failed
              + " of "
              + (result.revoked() + failed)
              + " leases "
              + what
              + " could not be revoked; they stay and are retried in the background. First, "
              + firstFailure.getMessage(),
          firstFailure instanceof UpstreamException ue ? ue.errorCode() : "unknown",
          firstFailure.retryable(),
          firstFailure);
    }
    return result.revoked();
  }

  @Override
  public int revokeForce(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    int deleted = 0;
    Instant now = clock.instant();
    for (String id : store.list(prefix)) {
      Optional<LeaseRecord> record;
      try {
        record = store.get(id);
      } catch (LessorException unreadable) {
        // A record the store cannot decode is exactly what an operator force-revokes: drop it.
        if (store.delete(id)) {
          deleted++;
          log.warn(
              "lease {} could not be read and was dropped by force: {}",
              id,
              unreadable.getMessage());
        }
        continue;
      }
      if (record.isPresent() && store.delete(id)) {
        deleted++;
        events.publish(
            LeaseEvent.Type.REVOKED, record.get().mount(), record.get().toLease(now), now);
      }
    }
    return deleted;
  }

  @Override
  public List<Lease> irrevocable() {
    Instant now = clock.instant();
    return store.findByState(LeaseState.IRREVOCABLE, IRREVOCABLE_LIST_LIMIT).stream()
        .map(r -> r.toLease(now))
        .toList();
  }

  @Override
  public void retry(String id) {
    revoker.revokeNow(require(id));
  }

  @Override
  public long count() {
    return store.count();
  }

  @Override
  public LeaseStats stats(Duration maxAge) {
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative()) {
      throw new InvalidRequestException("maxAge", "must not be negative, got " + maxAge);
    }
    return stats.get(maxAge);
  }

  @Override
  public void addListener(LeaseListener listener) {
    events.add(listener);
  }

  @Override
  public void removeListener(LeaseListener listener) {
    events.remove(listener);
  }

  private LeaseRecord require(String id) {
    Objects.requireNonNull(id, "id");
    activations.settle(id);
    return store.get(id).orElseThrow(() -> new NotFoundException("lease " + id + " not found"));
  }

  /** A renewed lease and the warnings for the caller. */
  record Renewal(Lease lease, List<String> warnings) {}
}
