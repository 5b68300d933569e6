package dev.lessor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.Ticker;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Ticker clock = () -> now.getEpochSecond() * 1_000_000_000L + now.getNano();

  @Test
  void tryAcquire_allowsBurstThenRate() {
    RateLimiter limiter = RateLimiter.perSecond(5, clock);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire()).isZero();
    }
    assertThat(limiter.tryAcquire()).isEqualTo(Duration.ofMillis(200));

    now = now.plusMillis(200);
    assertThat(limiter.tryAcquire()).isZero();
    assertThat(limiter.tryAcquire()).isPositive();

    now = now.plusSeconds(60); // refills to the burst, not beyond
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire()).isZero();
    }
    assertThat(limiter.tryAcquire()).isPositive();
  }

  @Test
  void atMostPerSecond_neverGrantsMoreThanTheLimitInAnySecond() {
    RateLimiter limiter = RateLimiter.atMostPerSecond(1000, clock);
    java.util.List<Instant> granted = new java.util.ArrayList<>();
    for (int step = 0; step < 5000; step++) { // 5 s in 1 ms steps, always asking
      while (limiter.tryAcquire().isZero()) {
        granted.add(now);
      }
      now = now.plusMillis(1);
    }
    for (int i = 0; i + 1000 < granted.size(); i++) {
      assertThat(Duration.between(granted.get(i), granted.get(i + 1000)))
          .as("1001 permits span more than a second")
          .isGreaterThan(Duration.ofSeconds(1));
    }
    assertThat(granted.size()).isBetween(4900, 5000); // about 99 % of the limit, sustained
  }

  @Test
  void perSecond_badRate_isRejected() {
    assertThatThrownBy(() -> RateLimiter.perSecond(0, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ratePerSecond must be positive, was 0.0");
  }
}
