package dev.lessor.spring;

import dev.lessor.LessorBuilder;
import dev.lessor.RetryPolicy;
import java.util.function.Consumer;

/**
 * Applies the {@code lessor.*} lease settings to a {@link LessorBuilder}. The builder checks each
 * value; a refusal becomes an {@link InvalidPropertyException} that names the property, so the
 * application fails at startup saying which line of its configuration is wrong.
 */
final class BuilderSettings {
  private BuilderSettings() {}

  static LessorBuilder apply(LessorProperties p, LessorBuilder b) {
    set("lessor.default-lease-ttl", p.getDefaultLeaseTtl(), b::defaultLeaseTtl);
    set("lessor.max-lease-ttl", p.getMaxLeaseTtl(), b::maxLeaseTtl);
    set("lessor.revocation-concurrency", p.getRevocationConcurrency(), b::revocationConcurrency);
    set("lessor.revocation-rate-limit", p.getRevocationRateLimit(), b::revocationRateLimit);
    set("lessor.pending-timeout", p.getPendingTimeout(), b::pendingTimeout);
    set("lessor.claim-timeout", p.getClaimTimeout(), b::claimTimeout);
    set("lessor.poll-interval", p.getPollInterval(), b::pollInterval);
    set("lessor.mount-wait", p.getMountWait(), b::mountWait);
    set("lessor.close-timeout", p.getCloseTimeout(), b::closeTimeout);
    set("lessor.retry", retryPolicy(p.getRetry()), b::retryPolicy);
    return b;
  }

  /** The retry policy, or null to keep the default when no retry property is set. */
  private static RetryPolicy retryPolicy(LessorProperties.Retry r) {
    if (r.getMaxAttempts() == null
        && r.getBase() == null
        && r.getMaxBackoff() == null
        && r.getJitter() == null
        && r.getIrrevocableRetryPeriod() == null) {
      return null;
    }
    RetryPolicy d = RetryPolicy.defaults();
    try {
      return new RetryPolicy(
          or(r.getMaxAttempts(), d.maxAttempts()),
          or(r.getBase(), d.base()),
          or(r.getMaxBackoff(), d.maxBackoff()),
          or(r.getJitter(), d.jitter()),
          or(r.getIrrevocableRetryPeriod(), d.irrevocableRetryPeriod()));
    } catch (IllegalArgumentException e) {
      throw new InvalidPropertyException("lessor.retry", e.getMessage(), e);
    }
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  private static <T> void set(String property, T value, Consumer<T> setter) {
    if (value == null) {
      return;
    }
    try {
      setter.accept(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidPropertyException(property, e.getMessage(), e);
    }
  }

  /** The builder's own check of the settings together (default TTL within the max). */
  static dev.lessor.Lessor build(LessorBuilder builder) {
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidPropertyException("lessor.default-lease-ttl", e.getMessage(), e);
    }
  }
}
