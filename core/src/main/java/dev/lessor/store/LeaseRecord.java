package dev.lessor.store;

import dev.lessor.Lease;
import dev.lessor.LeaseState;
import dev.lessor.engine.SecretsEngine;
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
 * @param engine the {@link SecretsEngine#type() type} of the engine that issued it, so that only an
 *     engine of that type revokes it; {@link #UNKNOWN_ENGINE} for a record written before types
 *     were recorded
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
    String engine,
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

  /** The engine type of a record that does not say which engine issued it. */
  public static final String UNKNOWN_ENGINE = "";

  public LeaseRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(mount, "mount");
    Objects.requireNonNull(engine, "engine");
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
    return toBuilder().state(newState).build();
  }

  public LeaseRecord withExpireTime(Instant newExpireTime) {
    return toBuilder().expireTime(newExpireTime).build();
  }

  public LeaseRecord withInternal(Map<String, String> newInternal) {
    return toBuilder().internal(newInternal).build();
  }

  public LeaseRecord withDueTime(Instant newDueTime) {
    return toBuilder().dueTime(newDueTime).build();
  }

  /** This record after a failed revocation attempt. */
  public LeaseRecord withFailure(int newAttempts, String error) {
    return toBuilder().attempts(newAttempts).lastError(error).build();
  }

  public LeaseRecord withVersion(long newVersion) {
    return toBuilder().version(newVersion).build();
  }

  /** A builder holding this record's fields. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * A builder for a new record; {@code id}, {@code mount}, {@code path}, the times and the state
   * must be set, the rest defaults to no internal data, no attempts, no error, version 0.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link LeaseRecord} by field name. Not thread-safe. */
  public static final class Builder {
    private String id;
    private String mount;
    private String engine = UNKNOWN_ENGINE;
    private String path;
    private LeaseState state;
    private Instant issueTime;
    private Instant expireTime;
    private Instant maxExpireTime;
    private boolean renewable;
    private Map<String, String> internal = Map.of();
    private Instant dueTime;
    private int attempts;
    private String lastError;
    private long version;

    private Builder() {}

    private Builder(LeaseRecord r) {
      id = r.id;
      mount = r.mount;
      engine = r.engine;
      path = r.path;
      state = r.state;
      issueTime = r.issueTime;
      expireTime = r.expireTime;
      maxExpireTime = r.maxExpireTime;
      renewable = r.renewable;
      internal = r.internal;
      dueTime = r.dueTime;
      attempts = r.attempts;
      lastError = r.lastError;
      version = r.version;
    }

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder mount(String mount) {
      this.mount = mount;
      return this;
    }

    public Builder engine(String engine) {
      this.engine = engine;
      return this;
    }

    public Builder path(String path) {
      this.path = path;
      return this;
    }

    public Builder state(LeaseState state) {
      this.state = state;
      return this;
    }

    public Builder issueTime(Instant issueTime) {
      this.issueTime = issueTime;
      return this;
    }

    public Builder expireTime(Instant expireTime) {
      this.expireTime = expireTime;
      return this;
    }

    public Builder maxExpireTime(Instant maxExpireTime) {
      this.maxExpireTime = maxExpireTime;
      return this;
    }

    public Builder renewable(boolean renewable) {
      this.renewable = renewable;
      return this;
    }

    public Builder internal(Map<String, String> internal) {
      this.internal = internal;
      return this;
    }

    public Builder dueTime(Instant dueTime) {
      this.dueTime = dueTime;
      return this;
    }

    public Builder attempts(int attempts) {
      this.attempts = attempts;
      return this;
    }

    public Builder lastError(String lastError) {
      this.lastError = lastError;
      return this;
    }

    public Builder version(long version) {
      this.version = version;
      return this;
    }

    public LeaseRecord build() {
      return new LeaseRecord(
          id,
          mount,
          engine,
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
          version);
    }
  }

  /** Lists the internal data's keys only: its values are not for logs. */
  @Override
  public String toString() {
    return "LeaseRecord{id="
        + id
        + ", engine="
        + engine
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
