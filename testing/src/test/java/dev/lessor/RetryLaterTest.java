package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.store.LeaseRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An engine that cannot tell yet whether a secret is gone (eventual consistency) makes the lease
 * wait, without using up retry attempts (issue 9, scenario 8).
 */
class RetryLaterTest {
  /** Two attempts a few seconds apart: far shorter than the 5 minute consistency window. */
  private final TestLessor t =
      new TestLessor(
          new InMemoryLeaseStore(),
          b ->
              b.retryPolicy(
                  new RetryPolicy(
                      2, Duration.ofSeconds(1), Duration.ofSeconds(2), 0, Duration.ofDays(1))));

  private final Instant windowEnd = t.clock.instant().plus(Duration.ofMinutes(5));

  @AfterEach
  void close() {
    t.engine.undecidableUntil(Instant.MIN);
    t.close();
  }

  @Test
  void expiry_engineCannotTellYet_leaseWaitsForTheWindowWithoutUsingAttempts() {
    t.engine.undecidableUntil(windowEnd);
    String id = t.lessor.read("fake/creds/a", Map.of("ttl", "1m")).lease().orElseThrow().id();
    String logs;
    try (CapturedLogs captured = new CapturedLogs()) {
      t.clock.advance(Duration.ofMinutes(1));
      for (int i = 0; i < 23; i++) { // to 10 s before the window ends, in 10 s steps
        t.clock.advance(Duration.ofSeconds(10));
      }
      logs = captured.text();
    }

    LeaseRecord waiting = t.store.get(id).orElseThrow();
    assertThat(waiting.state()).isEqualTo(LeaseState.ACTIVE);
    assertThat(waiting.attempts()).isZero();
    assertThat(waiting.dueTime()).isEqualTo(windowEnd);
    assertThat(t.engine.revocationCalls()).isEqualTo(1);
    assertThat(t.eventTypes()).containsExactly(LeaseEvent.Type.ISSUED);
    assertThat(logs)
        .contains(
            "INFO dev.lessor.Failures - revocation of lease "
                + id
                + " waits for the provider's consistency until "
                + windowEnd)
        .doesNotContain("ERROR");

    t.clock.advance(Duration.ofSeconds(10));

    assertThat(t.leases().lookup(id)).isEmpty();
    assertThat(t.engine.liveCredentials()).isEmpty();
  }

  @Test
  void retry_beforeTheWindowEnds_saysWhenItCanBeDecided_andAfterItSucceeds() {
    String id = t.issueId("a");
    t.engine.undecidableUntil(windowEnd);

    assertThatThrownBy(() -> t.leases().retry(id))
        .isInstanceOfSatisfying(
            RetryLaterException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.retryAt()).isEqualTo(windowEnd);
            })
        .hasMessage(
            "revocation of lease "
                + id
                + " cannot be decided before "
                + windowEnd
                + ": fake provider cannot tell yet whether the credential of "
                + id
                + " is gone; it will be tried again then");
    assertThatThrownBy(() -> t.leases().revoke(id)).isInstanceOf(RetryLaterException.class);
    assertThat(t.store.get(id).orElseThrow().attempts()).isZero();
    assertThat(t.store.get(id).orElseThrow().state()).isEqualTo(LeaseState.ACTIVE);

    t.clock.stepWallClock(Duration.ofMinutes(5)); // the window is over; no scheduled task ran
    t.leases().retry(id);

    assertThat(t.leases().lookup(id)).isEmpty();
    assertThat(t.engine.liveCredentials()).isEmpty();
  }
}
