package dev.lessor.testing;

import java.time.Instant;

/**
 * Temporary credentials issued by AssumeRole or GetFederationToken: they sign only with their
 * session token and only before {@code expiration}. Immutable.
 */
record StsSession(
    String accessKeyId, String secret, String sessionToken, Instant expiration, Caller caller) {
  @Override
  public String toString() {
    return "StsSession[" + accessKeyId + ", expires " + expiration + ", " + caller.arn() + "]";
  }
}
