package dev.lessor.engine;

import java.util.Map;

/**
 * Records pending leases for a request. Implemented by the core; engines use it through {@link
 * Request#beginLease}. Tests of an engine may pass their own.
 */
@FunctionalInterface
public interface LeaseIssuer {
  /** Records a pending lease for the request being handled. */
  PendingLease begin(LeaseTerms terms, Map<String, String> internal);

  /** An issuer for requests that must not issue leases: it refuses. */
  static LeaseIssuer none() {
    return (terms, internal) -> {
      throw new IllegalStateException("this request cannot issue a lease");
    };
  }
}
