package dev.lessor.aws;

import dev.lessor.Lease;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * A credential the provider holds, with its lease. Immutable; read on every SDK call, so it keeps
 * the expiry as epoch millis for a cheap comparison. Its {@code toString} names the lease only.
 *
 * @param lease the lease as last issued or renewed
 * @param credentials what the SDK signs with
 * @param from when the provider got (or last renewed) it, by its clock
 * @param staleAtMillis from when it is no longer handed out: a margin before the lease's expiry, so
 *     that a request signed with it still reaches AWS in time
 */
record HeldCredential(Lease lease, AwsCredentials credentials, Instant from, long staleAtMillis) {
  /** How long before its expiry a credential stops being handed out. */
  static final Duration STALE_MARGIN = Duration.ofSeconds(1);

  static HeldCredential of(Lease lease, AwsCredentials credentials, Instant from) {
    return new HeldCredential(
        lease, credentials, from, lease.expireTime().minus(STALE_MARGIN).toEpochMilli());
  }

  /** The same key under a renewed lease. */
  HeldCredential renewed(Lease renewedLease, Instant at) {
    return of(renewedLease, credentials, at);
  }

  String id() {
    return lease.id();
  }

  @Override
  public String toString() {
    return "HeldCredential{lease=" + lease.id() + ", expires=" + lease.expireTime() + "}";
  }
}
