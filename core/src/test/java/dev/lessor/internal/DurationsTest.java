package dev.lessor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.InvalidRequestException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void parse_acceptsCliForms() {
    assertThat(Durations.parseOrNull("768h")).isEqualTo(Duration.ofHours(768));
    assertThat(Durations.parseOrNull("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parseOrNull("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(Durations.parseOrNull("45s")).isEqualTo(Duration.ofSeconds(45));
    assertThat(Durations.parseOrNull("3600")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parseOrNull("250ms")).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void parse_rejectsOthers() {
    for (String bad : new String[] {"", "h", "1x", "-1h", "1.5h", "1h 30m", "soon"}) {
      assertThat(Durations.parseOrNull(bad)).as(bad).isNull();
    }
  }

  @Test
  void parse_partsInAnyOrderAndMillisBeforeSeconds_sumsEveryPart() {
    assertThat(Durations.parseOrNull(" 1m5s ")).isEqualTo(Duration.ofSeconds(65));
    assertThat(Durations.parseOrNull("1ms5s")).isEqualTo(Duration.ofMillis(5_001));
    assertThat(Durations.parseOrNull("30m1h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parseOrNull("1d1h1m1s1ms"))
        .isEqualTo(Duration.ofDays(1).plusHours(1).plusMinutes(1).plusSeconds(1).plusMillis(1));
  }

  @Test
  void parse_malformedHugeOrTrailing_nullOrNamesTheRule() {
    for (String bad : new String[] {"1h30", "1hm", "ms", "1s ms", "1µs", "１h"}) {
      assertThat(Durations.parseOrNull(bad)).as(bad).isNull();
    }
    assertThatThrownBy(() -> Durations.parse("ttl", "99999999999999999999x"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("ttl")
        .hasMessageContaining("must be a duration like");
    assertThatThrownBy(() -> Durations.parse("ttl", "99999999999999999999h"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("must be at most 73000d");
  }

  @Test
  void format_roundTrips() {
    assertThat(Durations.format(Duration.ofHours(768))).isEqualTo("768h");
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Durations.format(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }
}
