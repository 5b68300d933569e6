package dev.lessor.aws;

import dev.lessor.engine.LeaseTerms;
import java.time.Duration;

/**
 * The lease terms of an IAM user credential, on issue and on every renewal: the role's {@code
 * ttl}/{@code max_ttl} first, then {@code config/lease}, then the mount's defaults (zero). The core
 * caps the TTL at the maximum and the Lessor's, and warns the caller when it does. Stateless.
 */
final class IamUserTerms {
  private IamUserTerms() {}

  /**
   * @param role the role, or {@code null} when it was deleted since the lease was issued
   * @param requested the TTL the caller asked for, or zero
   */
  static LeaseTerms of(RoleEntry role, LeaseConfig config, Duration requested) {
    Duration ttl = role != null && !role.ttl().isZero() ? role.ttl() : config.lease();
    Duration max = role != null && !role.maxTtl().isZero() ? role.maxTtl() : config.leaseMax();
    if (!requested.isZero()) {
      ttl = requested; // the core caps it at max, and tells the caller when it does
    }
    return LeaseTerms.renewable(ttl, max);
  }
}
