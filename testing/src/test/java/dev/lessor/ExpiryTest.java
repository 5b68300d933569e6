package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.LeaseEvent.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExpiryTest {
  private final TestLessor t =
      new TestLessor(
          new dev.lessor.store.InMemoryLeaseStore(), b -> b.defaultLeaseTtl(Duration.ofHours(1)));

  @AfterEach
  void close() {
    t.close();
  }

  @Test
  void expiry_revokesExactlyAtExpireTime() {
    Response response = t.issue("app");
    String id = response.lease().orElseThrow().id();

    t.clock.advance(Duration.ofMinutes(60).minusNanos(1));
    assertThat(t.leases().lookup(id)).isPresent();
    assertThat(t.engine.isLive(response.string("username"))).isTrue();

    t.clock.advance(Duration.ofNanos(1));
    assertThat(t.leases().lookup(id)).isEmpty();
    assertThat(t.engine.isLive(response.string("username"))).isFalse();
    assertThat(t.eventTypes()).containsExactly(Type.ISSUED, Type.EXPIRED);
  }

  @Test
  void expiry_manyLeases_revokedInExpiryOrderAtTheirTimes() {
    String late = t.lessor.read("fake/creds/a", Map.of("ttl", "3h")).lease().orElseThrow().id();
    String early = t.lessor.read("fake/creds/a", Map.of("ttl", "1m")).lease().orElseThrow().id();
    String middle = t.lessor.read("fake/creds/a", Map.of("ttl", "2h")).lease().orElseThrow().id();

    t.clock.advance(Duration.ofMinutes(1));
    assertThat(t.engine.revokedLeases()).containsExactly(early);
    t.clock.advance(Duration.ofHours(2));
    assertThat(t.engine.revokedLeases()).containsExactly(early, middle);
    t.clock.advance(Duration.ofHours(1));
    assertThat(t.engine.revokedLeases()).containsExactly(early, middle, late);
  }

  @Test
  void renewedLease_expiresAtItsNewTime() {
    String id = t.issueId("app");
    t.clock.advance(Duration.ofMinutes(30));
    t.leases().renew(id, Duration.ofHours(1));

    t.clock.advance(Duration.ofMinutes(45)); // past the first expiry
    assertThat(t.leases().lookup(id)).isPresent();
    t.clock.advance(Duration.ofMinutes(15));
    assertThat(t.leases().lookup(id)).isEmpty();
  }

  @Test
  void scheduler_holdsOneWakeUpNotOnePerLease() {
    dev.lessor.testing.ManualClock clock = new dev.lessor.testing.ManualClock();
    dev.lessor.testing.ManualScheduler scheduler = new dev.lessor.testing.ManualScheduler(clock);
    try (Lessor lessor =
        Lessor.builder()
            .clock(clock)
            .scheduler(scheduler)
            .revocationExecutor(Runnable::run)
            .build()) {
      lessor.mount("fake/", new dev.lessor.testing.FakeSecretsEngine());
      for (int i = 0; i < 100; i++) {
        lessor.read("fake/creds/a", Map.of("ttl", (i + 1) + "m"));
      }
      assertThat(scheduler.pending()).isEqualTo(1);
      assertThat(scheduler.dueTimes())
          .containsExactly(clock.instant().plus(Duration.ofSeconds(10)));
    }
  }

  @Test
  void failedRevocation_retriesWithBackoffThenBecomesIrrevocable() {
    String id = t.issueId("app");
    t.engine.failNextRevocations(100);
    t.clock.advance(Duration.ofHours(1));

    List<Duration> waits = new java.util.ArrayList<>();
    java.time.Instant last = t.clock.instant();
    for (int attempt = 1; attempt < 6; attempt++) {
      java.time.Instant due = t.store.get(id).orElseThrow().dueTime();
      waits.add(Duration.between(last, due));
      t.clock.advanceTo(due);
      last = due;
    }

    // attempt n waits 10 s * 2^n, ±50 %
    for (int n = 1; n <= 5; n++) {
      long nominal = 10L << n;
      assertThat(waits.get(n - 1).toMillis())
          .as("wait after attempt %d", n)
          .isBetween(nominal * 500, nominal * 1500);
    }
    Lease lease = t.leases().lookup(id).orElseThrow();
    assertThat(lease.state()).isEqualTo(LeaseState.IRREVOCABLE);
    assertThat(t.engine.revocationCalls()).isEqualTo(6);
    assertThat(t.leases().irrevocable()).extracting(Lease::id).containsExactly(id);
    assertThat(t.eventTypes())
        .containsExactly(
            Type.ISSUED,
            Type.REVOCATION_FAILED,
            Type.REVOCATION_FAILED,
            Type.REVOCATION_FAILED,
            Type.REVOCATION_FAILED,
            Type.REVOCATION_FAILED,
            Type.REVOCATION_FAILED,
            Type.IRREVOCABLE);
    assertThat(t.events.get(t.events.size() - 1).error())
        .hasValue("out of retries: fake revocation failure for " + id);
  }

  @Test
  void irrevocableLease_isRetriedDailyUntilItGoes() {
    String id = t.issueId("app");
    t.engine.failRevocationsPermanently(1).failNextRevocations(1);
    t.clock.advance(Duration.ofHours(1));
    assertThat(t.leases().lookup(id).orElseThrow().state()).isEqualTo(LeaseState.IRREVOCABLE);
    assertThat(t.engine.revocationCalls()).isEqualTo(1); // permanent: no backoff retries

    t.clock.advance(Duration.ofDays(1)); // fails again, stays irrevocable
    assertThat(t.leases().lookup(id).orElseThrow().state()).isEqualTo(LeaseState.IRREVOCABLE);
    assertThat(t.engine.revocationCalls()).isEqualTo(2);

    t.clock.advance(Duration.ofDays(1));
    assertThat(t.leases().lookup(id)).isEmpty();
    assertThat(t.engine.revocationCalls()).isEqualTo(3);
  }

  @Test
  void retry_irrevocableLease_revokesNowOrKeepsState() {
    String id = t.issueId("app");
    t.engine.failRevocationsPermanently(2);
    t.clock.advance(Duration.ofHours(1));

    assertThatThrownBy(() -> t.leases().retry(id))
        .isInstanceOf(UpstreamException.class)
        .hasMessage(
            "revocation of lease "
                + id
                + " failed; the lease is irrevocable and will next be tried at "
                + t.clock.instant().plus(Duration.ofDays(1))
                + " (or revoke it by force): fake permanent revocation failure for "
                + id);
    assertThat(t.leases().lookup(id).orElseThrow().state()).isEqualTo(LeaseState.IRREVOCABLE);

    t.leases().retry(id);
    assertThat(t.leases().lookup(id)).isEmpty();
    assertThatThrownBy(() -> t.leases().retry(id)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void throwingListener_doesNotStopOthersOrRevocation() {
    List<Type> seen = new java.util.ArrayList<>();
    t.leases()
        .addListener(
            e -> {
              throw new IllegalStateException("listener bug");
            });
    t.leases().addListener(e -> seen.add(e.type()));
    String id = t.issueId("app");

    t.clock.advance(Duration.ofHours(1));

    assertThat(t.leases().lookup(id)).isEmpty();
    assertThat(seen).containsExactly(Type.ISSUED, Type.EXPIRED);
  }

  @Test
  void rateLimit_boundsRevocationsPerSecond() {
    try (TestLessor limited =
        new TestLessor(
            new dev.lessor.store.InMemoryLeaseStore(),
            b -> b.defaultLeaseTtl(Duration.ofMinutes(1)).revocationRateLimit(10))) {
      for (int i = 0; i < 50; i++) {
        limited.issue("a");
      }

      limited.clock.advance(Duration.ofMinutes(1));
      List<Integer> revokedAfterEachStep = new java.util.ArrayList<>();
      for (int step = 0; step < 150; step++) { // 15 s in 100 ms steps
        revokedAfterEachStep.add(limited.engine.revokedLeases().size());
        limited.clock.advance(Duration.ofMillis(100));
      }

      for (int i = 0; i + 10 < revokedAfterEachStep.size(); i++) {
        assertThat(revokedAfterEachStep.get(i + 10) - revokedAfterEachStep.get(i))
            .as("revocations in the second after step %d", i)
            .isLessThanOrEqualTo(10);
      }
      assertThat(limited.leases().count()).isZero();
    }
  }
}
