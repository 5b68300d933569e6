package dev.lessor;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to a lease, delivered to {@link LeaseListener}s.
 *
 * @param type what happened
 * @param lease the lease as it was when it happened
 * @param time when it happened, by the Lessor's clock
 * @param error for {@link Type#REVOCATION_FAILED} and {@link Type#IRREVOCABLE}: why revocation
 *     failed (never a secret); empty otherwise
 * @param mount the mount path of the engine that issued the lease, such as {@code aws/}; {@code ""}
 *     for an event made with the four-argument constructor
 * @param duration how long the operation took, measured on the Lessor's {@link Ticker}: for {@link
 *     Type#ISSUED} the request that minted the secret (the engine's work and the lease's writes);
 *     for {@link Type#REVOKED}, {@link Type#EXPIRED}, {@link Type#REVOCATION_FAILED} and {@link
 *     Type#IRREVOCABLE} the revocation attempt (the engine's call and the record's delete or
 *     update); empty for a renewal and for a revocation by force, which call no engine
 */
public record LeaseEvent(
    Type type,
    Lease lease,
    Instant time,
    Optional<String> error,
    String mount,
    Optional<Duration> duration) {

  /** The kinds of event. */
  public enum Type {
    /** A lease became active and its secret was returned. */
    ISSUED,
    /** A lease was renewed; {@link LeaseEvent#lease()} shows the new expiry. */
    RENEWED,
    /** A lease was revoked before its expiry (explicitly, by prefix, or as a rollback). */
    REVOKED,
    /** A lease reached its expiry and was revoked. */
    EXPIRED,
    /** An attempt to revoke a lease failed; it will be retried. */
    REVOCATION_FAILED,
    /** Revocation failed for good; the lease is now {@link LeaseState#IRREVOCABLE}. */
    IRREVOCABLE
  }

  public LeaseEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(mount, "mount");
    Objects.requireNonNull(duration, "duration");
  }

  /** An event with no mount ({@code ""}) and no duration, as before those were recorded. */
  public LeaseEvent(Type type, Lease lease, Instant time, Optional<String> error) {
    this(type, lease, time, error, "", Optional.empty());
  }
}
