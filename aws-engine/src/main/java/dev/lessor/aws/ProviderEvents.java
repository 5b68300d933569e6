package dev.lessor.aws;

import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Guarded delivery of a provider's events to its listener: one that throws changes nothing. */
final class ProviderEvents {
  private static final Logger log = LoggerFactory.getLogger(ProviderEvents.class);
  private final String path;
  private final Clock clock;
  private final CredentialListener listener;

  ProviderEvents(String path, Clock clock, CredentialListener listener) {
    this.path = path;
    this.clock = clock;
    this.listener = listener;
  }

  void publish(CredentialEvent.Type type, String leaseId) {
    publish(type, leaseId, null);
  }

  void publish(CredentialEvent.Type type, String leaseId, String error) {
    log.debug("credentials for {}: {} {}", path, type, leaseId == null ? "" : leaseId);
    if (listener == null) {
      return;
    }
    try {
      listener.onEvent(
          new CredentialEvent(
              type,
              path,
              Optional.ofNullable(leaseId),
              clock.instant(),
              Optional.ofNullable(error)));
    } catch (RuntimeException e) {
      log.warn("a credential listener of {} failed on {}", path, type, e);
    }
  }
}
