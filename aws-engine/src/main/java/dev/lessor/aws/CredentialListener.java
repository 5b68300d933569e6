package dev.lessor.aws;

/**
 * Receives a {@link LessorCredentialsProvider}'s {@link CredentialEvent}s.
 *
 * <p>Called on the thread that did the work: the provider's background executor for refreshes and
 * revocations, a caller's thread for a mint it waited for, the thread that revoked a lease for
 * {@link CredentialEvent.Type#LOST}. Never called while the provider holds a lock. A listener that
 * throws is logged at WARN and changes nothing. Keep it short.
 */
@FunctionalInterface
public interface CredentialListener {
  void onEvent(CredentialEvent event);
}
