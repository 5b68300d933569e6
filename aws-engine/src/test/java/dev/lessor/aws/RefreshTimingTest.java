package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.Lease;
import dev.lessor.LeaseState;
import dev.lessor.Lessor;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RefreshTimingTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static RefreshTiming timing(double jitterDraw) {
    try (Lessor lessor = Lessor.builder().build()) {
      return new RefreshTiming(
          new LessorCredentialsProviderBuilder()
              .lessor(lessor)
              .path("aws/creds/x")
              .random(() -> jitterDraw)
              .toSettings());
    }
  }

  @Test
  void refreshAt_longLease_whenAFifthIsLeft() {
    assertThat(timing(0).refreshAt(T0, T0.plus(Duration.ofHours(10))))
        .isEqualTo(T0.plus(Duration.ofHours(8)));
  }

  @Test
  void refreshAt_shortLease_boundedBelowByTheMinimumButNeverPastHalf() {
    assertThat(timing(0).refreshAt(T0, T0.plus(Duration.ofMinutes(4))))
        .isEqualTo(T0.plus(Duration.ofMinutes(3))); // 1/5 = 48 s < the 1-minute minimum
    assertThat(timing(0).refreshAt(T0, T0.plus(Duration.ofSeconds(6))))
        .isEqualTo(T0.plus(Duration.ofSeconds(3))); // half of a 6-second lease, not at once
  }

  @Test
  void refreshAt_jitter_startsEarlierByUpToItsShareOfTheLead() {
    Instant latest = T0.plus(Duration.ofHours(8));
    assertThat(timing(0.999).refreshAt(T0, T0.plus(Duration.ofHours(10))))
        .isBefore(latest)
        .isAfter(latest.minus(Duration.ofMinutes(12))); // 10% of the 2-hour lead
  }

  @Test
  void renewalGains_onlyWhenMaxTtlLiesAtLeastALeadBeyondExpiry() {
    RefreshTiming t = timing(0);
    assertThat(t.renewalGains(lease(Duration.ofMinutes(10), Duration.ofMinutes(30)), T0)).isTrue();
    assertThat(t.renewalGains(lease(Duration.ofMinutes(10), Duration.ofMinutes(11)), T0)).isFalse();
    assertThat(t.renewalGains(lease(Duration.ofMinutes(10), Duration.ofMinutes(10)), T0)).isFalse();
  }

  @Test
  void backoff_doublesUpToTheMaximum() {
    RefreshTiming t = timing(0);
    assertThat(t.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(t.backoff(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(t.backoff(50)).isEqualTo(Duration.ofSeconds(30));
  }

  private static Lease lease(Duration ttl, Duration max) {
    return new Lease(
        "aws/creds/x/1",
        "aws/creds/x",
        T0,
        T0.plus(ttl),
        T0.plus(max),
        ttl,
        true,
        LeaseState.ACTIVE);
  }
}
