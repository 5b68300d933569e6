package dev.lessor.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalIamBuilderTest {
  @Test
  void port_outOfRange_isRejected() {
    assertThatThrownBy(() -> LocalIam.builder().port(70_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be within 0..65535, was 70000");
  }

  @Test
  void accountId_notTwelveDigits_isRejected() {
    assertThatThrownBy(() -> LocalIam.builder().accountId("1234"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("accountId must be 12 digits, was 1234");
  }

  @Test
  void userLimit_belowOne_isRejected() {
    assertThatThrownBy(() -> LocalIam.builder().userLimit(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("userLimit must be at least 1, was 0");
  }

  @Test
  void keyActivationDelay_negativeOrNull_isRejected() {
    assertThatThrownBy(() -> LocalIam.builder().keyActivationDelay(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keyActivationDelay must not be negative, was PT-1S");
    assertThatThrownBy(() -> LocalIam.builder().keyActivationDelay(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("delay");
    assertThatThrownBy(() -> LocalIam.builder().clock(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clock");
  }
}
