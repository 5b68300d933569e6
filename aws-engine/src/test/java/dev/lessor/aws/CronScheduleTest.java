package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.InvalidRequestException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
  private static final Instant T = Instant.parse("2026-12-01T17:23:30Z"); // a Tuesday

  private static Instant next(String cron, Instant after) {
    return CronSchedule.parse(cron).next(after).orElseThrow();
  }

  @Test
  void next_everyMinute_isTheNextWholeMinute() {
    assertThat(next("* * * * *", T)).isEqualTo(Instant.parse("2026-12-01T17:24:00Z"));
  }

  @Test
  void next_dailyAtTwo_isTomorrowInUtc() {
    assertThat(next("0 2 * * *", T)).isEqualTo(Instant.parse("2026-12-02T02:00:00Z"));
  }

  @Test
  void next_stepsRangesAndLists_matchCron() {
    assertThat(next("*/15 9-17 * * 1-5", T)).isEqualTo(Instant.parse("2026-12-01T17:30:00Z"));
    assertThat(next("5,35 * * * *", T)).isEqualTo(Instant.parse("2026-12-01T17:35:00Z"));
    assertThat(next("0 0 1 1 *", T)).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
  }

  @Test
  void next_sundayAsSevenAndZero_sameDay() {
    Instant sunday = Instant.parse("2026-12-06T03:00:00Z");
    assertThat(next("0 3 * * 0", T)).isEqualTo(sunday);
    assertThat(next("0 3 * * 7", T)).isEqualTo(sunday);
  }

  @Test
  void next_bothDayFieldsRestricted_eitherMatches() {
    // the 15th or a Friday, whichever comes first: Friday 4 December
    assertThat(next("0 0 15 * 5", T)).isEqualTo(Instant.parse("2026-12-04T00:00:00Z"));
  }

  @Test
  void next_impossibleDate_isEmpty() {
    assertThat(CronSchedule.parse("0 0 31 2 *").next(T)).isEmpty();
  }

  @Test
  void parse_badExpressions_refusedNamingTheField() {
    assertRefused("* * * *", "must have 5 fields");
    assertRefused("60 * * * *", "field 1 (minute) '60' is out of range 0-59");
    assertRefused("0 25 * * *", "field 2 (hour) '25' is out of range 0-23");
    assertRefused("0 0 0 * *", "field 3 (day of month) '0' is out of range 1-31");
    assertRefused("0 0 * JAN *", "field 4 (month) 'JAN' is not a number");
    assertRefused("0 0 * * 8", "field 5 (day of week) '8' is out of range 0-7");
    assertRefused("5-1 * * * *", "field 1 (minute) '5-1' is a range that runs backwards");
    assertRefused("*/0 * * * *", "field 1 (minute) '0' is out of range 1-59");
  }

  private static void assertRefused(String cron, String message) {
    assertThatThrownBy(() -> CronSchedule.parse(cron))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("rotation_schedule")
        .hasMessageContaining(message);
  }
}
