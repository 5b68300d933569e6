package dev.lessor;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of a lease: the promise that the secret it covers will be revoked by {@link
 * #expireTime()} at the latest.
 *
 * <p>Lease ids are the request path followed by a random part, such as {@code
 * aws/creds/my-role/1xTQ0r6dd8GmV2w3QmbhRk}, so that revoking a path prefix revokes every lease
 * issued under it. The engine's internal data is not part of this public view.
 *
 * @param id the lease id
 * @param path the request path that issued it, such as {@code aws/creds/my-role}
 * @param issueTime when the lease was recorded
 * @param expireTime when it is revoked unless renewed
 * @param maxExpireTime the latest time renewal can reach
 * @param ttl the time left until {@code expireTime} when this snapshot was taken (never negative)
 * @param renewable whether {@link LeaseManager#renew} may extend it
 * @param state where the lease stands
 */
public record Lease(
    String id,
    String path,
    Instant issueTime,
    Instant expireTime,
    Instant maxExpireTime,
    Duration ttl,
    boolean renewable,
    LeaseState state) {

  public Lease {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(issueTime, "issueTime");
    Objects.requireNonNull(expireTime, "expireTime");
    Objects.requireNonNull(maxExpireTime, "maxExpireTime");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(state, "state");
    if (ttl.isNegative()) {
      ttl = Duration.ZERO;
    }
  }
}
