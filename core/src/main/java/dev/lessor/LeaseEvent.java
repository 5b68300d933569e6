package dev.lessor;

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
 */
public record LeaseEvent(Type type, Lease lease, Instant time, Optional<String> error) {

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
  }
}
