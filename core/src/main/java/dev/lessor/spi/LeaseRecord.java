package dev.lessor.spi;

import dev.lessor.Lease;
import dev.lessor.LeaseState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A lease as stored: the public fields, the engine's internal data, and the bookkeeping of the
 * revocation loop. Immutable; the {@code with...} methods return changed copies.
 *
 * <p>{@code dueTime} is the one instant the store indexes: when the lease next needs the revocation
 * loop's attention. It is the expiry for an active lease, the pending timeout for a pending one,
 * the next retry after a failure, and the claim deadline while an instance is revoking it (so that
 * the lease of an instance that died is claimed again once the deadline passes). {@code version}
 * increases on every write, for optimistic concurrency.
 *
 * @param id the lease id
 * @param mount the mount path of the engine that issued it, such as {@code aws/}
 * @param path the request path, such as {@code aws/creds/my-role}
 * @param state where it stands
 * @param issueTime when it was recorded
 * @param expireTime when it expires
 * @param maxExpireTime the latest that renewal may reach
 * @param renewable whether it may be renewed
 * @param internal what the engine needs to revoke it; never a secret value
 * @param dueTime when the revocation loop next looks at it
 * @param attempts failed revocation attempts so far
 * @param lastError why the last revocation failed, or {@code null}
 * @param version the write count, managed by the store
 */
public record LeaseRecord(
    String id,
    String mount,
    String path,
    LeaseState state,
    Instant issueTime,
    Instant expireTime,
    Instant maxExpireTime,
    boolean renewable,
    Map<String, String> internal,
    Instant dueTime,
    int attempts,
    String lastError,
    long version) {

  public LeaseRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(mount, "mount");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(issueTime, "issueTime");
    Objects.requireNonNull(expireTime, "expireTime");
    Objects.requireNonNull(maxExpireTime, "maxExpireTime");
    Objects.requireNonNull(dueTime, "dueTime");
    internal = Map.copyOf(internal);
  }

  /** The public view of this record, with the TTL left at {@code now}. */
  public Lease toLease(Instant now) {
    return new Lease(
        id,
        path,
        issueTime,
        expireTime,
        maxExpireTime,
        Duration.between(now, expireTime),
        renewable,
        state);
  }

  public LeaseRecord withState(LeaseState newState) {
    return new LeaseRecord(
        id,
        mount,
        path,
        newState,
        issueTime,
        expireTime,
        maxExpireTime,
        renewable,
        internal,
        dueTime,
        attempts,
        lastError,
        version);
  }

  public LeaseRecord withExpireTime(Instant newExpireTime) {
    return new LeaseRecord(
        id,
        mount,
        path,
        state,
        issueTime,
        newExpireTime,
        maxExpireTime,
        renewable,
        internal,
        dueTime,
        attempts,
        lastError,
        version);
  }

  public LeaseRecord withInternal(Map<String, String> newInternal) {
    return new LeaseRecord(
        id,
        mount,
        path,
        state,
        issueTime,
        expireTime,
        maxExpireTime,
        renewable,
        newInternal,
        dueTime,
        attempts,
        lastError,
        version);
  }

  public LeaseRecord withDueTime(Instant newDueTime) {
    return new LeaseRecord(
        id,
        mount,
        path,
        state,
        issueTime,
        expireTime,
        maxExpireTime,
        renewable,
        internal,
        newDueTime,
        attempts,
        lastError,
        version);
  }

  /** This record after a failed revocation attempt. */
  public LeaseRecord withFailure(int newAttempts, String error) {
    return new LeaseRecord(
        id,
        mount,
        path,
        state,
        issueTime,
        expireTime,
        maxExpireTime,
        renewable,
        internal,
        dueTime,
        newAttempts,
        error,
        version);
  }

  public LeaseRecord withVersion(long newVersion) {
    return new LeaseRecord(
        id,
        mount,
        path,
        state,
        issueTime,
        expireTime,
        maxExpireTime,
        renewable,
        internal,
        dueTime,
        attempts,
        lastError,
        newVersion);
  }

  /** Lists the internal data's keys only: its values are not for logs. */
  @Override
  public String toString() {
    return "LeaseRecord{id="
        + id
        + ", state="
        + state
        + ", expireTime="
        + expireTime
        + ", dueTime="
        + dueTime
        + ", attempts="
        + attempts
        + ", internal="
        + internal.keySet()
        + ", version="
        + version
        + "}";
  }
}
