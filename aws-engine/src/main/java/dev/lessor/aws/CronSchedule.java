package dev.lessor.aws;

import dev.lessor.InvalidRequestException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Optional;

/**
 * A cron expression of five fields (minute, hour, day of month, month, day of week), read in UTC:
 * {@code *}, numbers, ranges {@code a-b}, lists {@code a,b} and steps {@code *}{@code /n} or {@code
 * a-b/n}; day of week 0-7 with 0 and 7 Sunday. As in cron, when both day fields are restricted a
 * day matching either runs. No names, no seconds, no {@code L}/{@code W}/{@code ?}: a rotation
 * schedule needs none of them. Immutable.
 */
final class CronSchedule {
  private static final String FIELD = "rotation_schedule";
  private static final String[] NAMES = {"minute", "hour", "day of month", "month", "day of week"};
  private static final int[] MIN = {0, 0, 1, 1, 0};
  private static final int[] MAX = {59, 23, 31, 12, 7};
  private static final int MAX_YEARS = 5;

  private final String expression;
  private final BitSet[] allowed = new BitSet[5];
  private final boolean anyDayOfMonth;
  private final boolean anyDayOfWeek;

  private CronSchedule(String expression) {
    this.expression = expression;
    String[] fields = expression.trim().split("\\s+");
    if (fields.length != 5) {
      throw new InvalidRequestException(
          FIELD,
          "must have 5 fields (minute hour day-of-month month day-of-week, in UTC), has "
              + fields.length);
    }
    for (int i = 0; i < 5; i++) {
      allowed[i] = parseField(i, fields[i]);
    }
    if (allowed[4].get(7)) {
      allowed[4].set(0); // 7 is Sunday too
    }
    anyDayOfMonth = fields[2].equals("*");
    anyDayOfWeek = fields[4].equals("*");
  }

  /**
   * Parses {@code expression}.
   *
   * @throws InvalidRequestException naming {@code rotation_schedule} and the field that is wrong
   */
  static CronSchedule parse(String expression) {
    return new CronSchedule(expression);
  }

  private static BitSet parseField(int index, String text) {
    BitSet bits = new BitSet();
    for (String part : text.split(",", -1)) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(index, part.substring(slash + 1), 1, MAX[index]);
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = MIN[index];
        to = MAX[index];
      } else if (range.contains("-")) {
        String[] ends = range.split("-", -1);
        if (ends.length != 2) {
          throw wrong(index, part, "is not a range a-b");
        }
        from = number(index, ends[0], MIN[index], MAX[index]);
        to = number(index, ends[1], MIN[index], MAX[index]);
        if (from > to) {
          throw wrong(index, part, "is a range that runs backwards");
        }
      } else {
        from = number(index, range, MIN[index], MAX[index]);
        to = slash >= 0 ? MAX[index] : from;
      }
      for (int v = from; v <= to; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int number(int index, String text, int min, int max) {
    if (!text.matches("\\d{1,2}")) {
      throw wrong(index, text, "is not a number, *, a range, a list or a step");
    }
    int value = Integer.parseInt(text);
    if (value < min || value > max) {
      throw wrong(index, text, "is out of range " + min + "-" + max);
    }
    return value;
  }

  private static InvalidRequestException wrong(int index, String text, String why) {
    return new InvalidRequestException(
        FIELD, "field " + (index + 1) + " (" + NAMES[index] + ") '" + text + "' " + why);
  }

  /** The first scheduled minute strictly after {@code after}, if any within five years. */
  Optional<Instant> next(Instant after) {
    ZonedDateTime t = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    ZonedDateTime limit = t.plusYears(MAX_YEARS);
    while (t.isBefore(limit)) {
      if (!allowed[3].get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
      } else if (!dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
      } else if (!allowed[1].get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!allowed[0].get(t.getMinute())) {
        t = t.plusMinutes(1);
      } else {
        return Optional.of(t.toInstant());
      }
    }
    return Optional.empty();
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean dom = allowed[2].get(t.getDayOfMonth());
    boolean dow = allowed[4].get(t.getDayOfWeek().getValue() % 7);
    if (anyDayOfMonth || anyDayOfWeek) {
      return dom && dow;
    }
    return dom || dow;
  }

  @Override
  public String toString() {
    return expression;
  }
}
