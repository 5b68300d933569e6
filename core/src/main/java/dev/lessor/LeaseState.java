package dev.lessor;

/** Where a lease stands in its life. A revoked lease has no state: its record is gone. */
public enum LeaseState {
  /**
   * Recorded before the engine made its first external call; the credential may exist only in part.
   * A pending lease whose request fails is revoked at once, and one left behind by a crash is
   * revoked once the pending timeout passes.
   */
  PENDING,
  /** The credential was issued and is live until the lease expires or is revoked. */
  ACTIVE,
  /**
   * Revocation failed on every retry (or failed permanently). The lease stays listed and is retried
   * on a long period until it succeeds or an operator force-revokes it.
   */
  IRREVOCABLE
}
