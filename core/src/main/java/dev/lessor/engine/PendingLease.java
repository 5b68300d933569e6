package dev.lessor.engine;

import java.time.Instant;
import java.util.Map;

/**
 * A lease recorded as {@link dev.lessor.LeaseState#PENDING} before the engine creates anything
 * outside the process. Obtained from {@link Request#beginLease}.
 *
 * <p>When the handler returns, the core makes the lease active and attaches it to the response;
 * when the handler throws, the core revokes it at once with the internal data recorded here, so
 * whatever the engine created part-way is deleted. Not thread-safe: use it on the handler's threads
 * only.
 */
public interface PendingLease {

  /** The lease id, known before the secret exists (an engine may tag resources with it). */
  String id();

  /** When the lease expires if issued now. */
  Instant expireTime();

  /**
   * Replaces the internal data recorded for revocation, durably, before the engine goes on. Use it
   * when the engine learns something revocation needs (a generated resource id). Never put a secret
   * value here.
   */
  void updateInternal(Map<String, String> internal);
}
