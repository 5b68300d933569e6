package dev.lessor.aws;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something a {@link LessorCredentialsProvider} did or saw, delivered to its {@link
 * CredentialListener}. Never holds a secret: it names the lease, not the key.
 *
 * @param type what happened
 * @param path the provider's path, such as {@code aws/creds/my-role}
 * @param leaseId the lease concerned; empty for a {@link Type#REFRESH_FAILED} that minted nothing
 * @param time when it happened, by the provider's clock
 * @param error for {@link Type#REFRESH_FAILED}, {@link Type#LOST} and {@link Type#REVOKE_FAILED}:
 *     why (never a secret); empty otherwise
 */
public record CredentialEvent(
    Type type, String path, Optional<String> leaseId, Instant time, Optional<String> error) {

  /** The kinds of event. */
  public enum Type {
    /** A new lease was issued; for IAM users, its key already works. */
    MINTED,
    /** The lease in use was renewed instead of minting a new one; the key stays the same. */
    RENEWED,
    /**
     * Callers now get the newly minted credential; the previous one is revoked after the overlap.
     */
    SWITCHED,
    /**
     * The provider revoked one of its leases (a previous credential after the overlap, or at
     * close).
     */
    REVOKED,
    /** Revoking a previous lease failed; Lessor keeps retrying it in the background. */
    REVOKE_FAILED,
    /**
     * The lease in use was revoked from outside or expired: the next call mints a new credential at
     * once instead of handing out a dead key.
     */
    LOST,
    /** A refresh (renewal or mint) failed; the provider retries with backoff. */
    REFRESH_FAILED
  }

  public CredentialEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(leaseId, "leaseId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(error, "error");
  }
}
