package dev.lessor;

/**
 * Receives {@link LeaseEvent}s.
 *
 * <p>Called on the thread that caused the event: the caller's thread for issue, renew and explicit
 * revocation, a revocation worker for expiry and retries. Never called while Lessor holds a lock. A
 * listener that throws is logged at WARN and the other listeners still get the event. Keep it
 * short: a slow listener delays revocation work.
 */
@FunctionalInterface
public interface LeaseListener {
  void onEvent(LeaseEvent event);
}
