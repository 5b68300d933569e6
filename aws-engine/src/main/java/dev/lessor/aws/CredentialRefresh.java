package dev.lessor.aws;

import dev.lessor.LessorException;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One refresh of a {@link LessorCredentialsProvider}: renews the held lease when that still gains
 * time, and otherwise revokes the leases still in their overlap (so that the provider never holds
 * more than two live leases) and mints a new credential. Holds no state of its own; the {@link
 * CredentialRotation} runs one at a time.
 */
final class CredentialRefresh {
  private static final Logger log = LoggerFactory.getLogger(CredentialRefresh.class);

  /** What a refresh gave: a credential, and whether it is the held lease renewed. */
  record Result(HeldCredential credential, boolean renewed) {}

  private final Clock clock;
  private final CredentialMinter minter;
  private final RefreshTiming timing;
  private final ProviderEvents events;
  private final Retirements retirements;

  CredentialRefresh(
      Clock clock,
      CredentialMinter minter,
      RefreshTiming timing,
      ProviderEvents events,
      Retirements retirements) {
    this.clock = clock;
    this.minter = minter;
    this.timing = timing;
    this.events = events;
    this.retirements = retirements;
  }

  /**
   * Refreshes {@code held} (null when none is held).
   *
   * @throws LessorException if minting failed
   */
  Result run(HeldCredential held) {
    Instant now = clock.instant();
    if (held != null
        && now.toEpochMilli() < held.staleAtMillis()
        && timing.renewalGains(held.lease(), now)) {
      HeldCredential renewed = renewOrNull(held);
      if (renewed != null) {
        return new Result(renewed, true);
      }
    }
    // Keeps the provider at two live leases at most: the current one and the new one.
    retirements.takeAll().forEach(retirements::revokeNow);
    HeldCredential minted = minter.mint();
    events.publish(CredentialEvent.Type.MINTED, minted.id());
    return new Result(minted, false);
  }

  private HeldCredential renewOrNull(HeldCredential held) {
    try {
      HeldCredential renewed = minter.renew(held);
      if (renewed.lease().expireTime().isAfter(held.lease().expireTime())) {
        return renewed;
      }
      log.debug("renewing {} gained no time; minting instead", held.id());
    } catch (LessorException e) {
      log.debug("renewing {} failed ({}); minting instead", held.id(), e.getMessage());
    }
    return null;
  }
}
