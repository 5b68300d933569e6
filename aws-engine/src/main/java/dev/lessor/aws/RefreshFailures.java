package dev.lessor.aws;

import dev.lessor.LessorException;
import java.time.Duration;
import java.time.Instant;

/**
 * The failures in a row of a {@link CredentialRotation}'s refreshes: how many, and the last one
 * while it is recent enough ({@code retryBackoff}) that a caller without a credential gets it
 * instead of starting another attempt. Not thread-safe: the rotation guards it with its lock.
 */
final class RefreshFailures {
  private final Duration retryBackoff;
  private int count;
  private Throwable last;
  private Instant lastAt;

  RefreshFailures(Duration retryBackoff) {
    this.retryBackoff = retryBackoff;
  }

  /** Records a failure at {@code now}; returns how many refreshes failed in a row. */
  int record(Throwable error, Instant now) {
    last = error;
    lastAt = now;
    return ++count;
  }

  /** A refresh succeeded: the streak ends. */
  void reset() {
    count = 0;
    last = null;
  }

  /** The error for a caller of the provider of {@code path} left without a usable credential. */
  static LessorException noCredential(String path, HeldCredential held, Throwable cause) {
    String had =
        held == null
            ? "none is held"
            : "the last one (lease " + held.id() + ") expired at " + held.lease().expireTime();
    return new LessorException(
        "no valid credential for " + path + ": " + had + ", and minting one failed: " + cause,
        cause,
        true);
  }

  /** The last failure when it happened within the retry backoff before {@code now}, or null. */
  Throwable recent(Instant now) {
    return last != null && Duration.between(lastAt, now).compareTo(retryBackoff) < 0 ? last : null;
  }
}
