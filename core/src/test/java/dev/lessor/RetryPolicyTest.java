package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void backoff_doublesFromBaseWithJitterAndCap() {
    RetryPolicy policy = RetryPolicy.defaults();

    assertThat(policy.backoff(1, 0.5)).isEqualTo(Duration.ofSeconds(20));
    assertThat(policy.backoff(2, 0.5)).isEqualTo(Duration.ofSeconds(40));
    assertThat(policy.backoff(5, 0.5)).isEqualTo(Duration.ofSeconds(320));
    assertThat(policy.backoff(1, 0.0)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.backoff(1, 0.999999)).isLessThan(Duration.ofSeconds(30));
    assertThat(policy.backoff(40, 0.5)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void constructor_badValues_sayWhich() {
    assertThatThrownBy(
            () ->
                new RetryPolicy(
                    0, Duration.ofSeconds(1), Duration.ofSeconds(1), 0, Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be at least 1, was 0");
    assertThatThrownBy(
            () ->
                new RetryPolicy(
                    1, Duration.ofSeconds(1), Duration.ofSeconds(1), 2, Duration.ofDays(1)))
        .hasMessage("jitter must be from 0 to 1, was 2.0");
  }
}
