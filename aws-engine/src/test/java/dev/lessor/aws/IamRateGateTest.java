package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.UpstreamException;
import dev.lessor.internal.RateLimiter;
import dev.lessor.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IamRateGateTest {
  private final ManualClock clock = new ManualClock();
  private final List<Duration> sleeps = new ArrayList<>();

  private IamRateGate gate(double rate, Duration maxWait) {
    return new IamRateGate(
        RateLimiter.perSecond(rate, clock),
        d -> {
          sleeps.add(d);
          clock.advance(d);
        },
        maxWait);
  }

  @Test
  void acquire_withinBurst_doesNotWait() {
    IamRateGate gate = gate(5, Duration.ofSeconds(30));

    for (int i = 0; i < 5; i++) {
      gate.acquire();
    }

    assertThat(sleeps).isEmpty();
  }

  @Test
  void acquire_pastBurst_waitsForTheNextToken() {
    IamRateGate gate = gate(5, Duration.ofSeconds(30));
    for (int i = 0; i < 5; i++) {
      gate.acquire();
    }

    gate.acquire();
    gate.acquire();

    assertThat(sleeps).containsExactly(Duration.ofMillis(200), Duration.ofMillis(200));
  }

  @Test
  void acquire_waitBeyondBound_failsRetryable() {
    IamRateGate gate = gate(0.1, Duration.ofSeconds(5));
    gate.acquire();

    assertThatThrownBy(gate::acquire)
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.errorCode()).isEqualTo("RateLimited");
            })
        .hasMessage("the mount's IAM rate limit (iam_rate_limit) kept this call waiting over PT5S");
    assertThat(sleeps).isEmpty();
  }
}
