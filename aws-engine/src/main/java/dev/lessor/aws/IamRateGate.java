package dev.lessor.aws;

import dev.lessor.UpstreamException;
import dev.lessor.internal.RateLimiter;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Holds each IAM HTTP request of a mount to a token-bucket rate, so that minting and a storm of
 * revocations together stay under the account's IAM limits (which are per account, shared with
 * everything else in it, and cannot be raised). It sits on the IAM client as an SDK interceptor
 * before every transmission, so SDK retries count too.
 *
 * <p>Waiting is bounded: a request that would wait longer than {@code maxWait} in total fails as
 * retryable instead. Thread-safe; the waiting happens on the calling thread.
 */
final class IamRateGate implements ExecutionInterceptor {
  /** Waits; a seam so that tests move a clock instead of sleeping. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    static Sleeper system() {
      return d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
    }
  }

  private final RateLimiter limiter;
  private final Sleeper sleeper;
  private final Duration maxWait;

  IamRateGate(RateLimiter limiter, Sleeper sleeper, Duration maxWait) {
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attrs) {
    acquire();
  }

  /** Takes a permit, waiting for it if need be. */
  void acquire() {
    Duration waited = Duration.ZERO;
    while (true) {
      Duration wait = limiter.tryAcquire();
      if (wait.isZero()) {
        return;
      }
      if (waited.plus(wait).compareTo(maxWait) > 0) {
        throw new UpstreamException(
            "the mount's IAM rate limit (iam_rate_limit) kept this call waiting over " + maxWait,
            "RateLimited",
            true,
            null);
      }
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UpstreamException(
            "interrupted waiting for the IAM rate limit", "Interrupted", true, e);
      }
      waited = waited.plus(wait);
    }
  }
}
