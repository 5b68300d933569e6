package dev.lessor.internal;

import dev.lessor.InvalidRequestException;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Parses and formats durations the way secrets-server users write them: {@code 768h}, {@code 30m},
 * {@code 1h30m}, {@code 45s}, {@code 2d}, or a plain number of seconds.
 */
public final class Durations {

  /**
   * The longest duration accepted from a request: 73000d (200 years). Far beyond any lease, and
   * short enough that adding it to any time Lessor handles, or counting it in nanoseconds, cannot
   * overflow.
   */
  public static final Duration MAX = Duration.ofDays(73_000);

  private static final String FORMAT =
      "must be a duration like 768h, 30m, 1h30m or a number of seconds";
  private static final String RANGE = "must be at most 73000d (200 years)";

  private Durations() {}

  /**
   * Parses {@code text}; {@code null} when it is not a duration or is longer than {@link #MAX}.
   * Accepts a plain number of seconds or parts with units d, h, m, s, ms.
   */
  public static Duration parseOrNull(String text) {
    try {
      Duration parsed = parseUnbounded(text);
      return parsed == null || parsed.compareTo(MAX) > 0 ? null : parsed;
    } catch (ArithmeticException | NumberFormatException tooLong) {
      return null;
    }
  }

  /**
   * Parses the value of request field {@code field}.
   *
   * @throws InvalidRequestException naming the field when the text is not a duration, or is longer
   *     than {@link #MAX}
   */
  public static Duration parse(String field, String text) {
    Duration parsed;
    try {
      parsed = parseUnbounded(text);
    } catch (ArithmeticException | NumberFormatException tooLong) {
      throw new InvalidRequestException(field, RANGE + ", was " + abbreviate(text));
    }
    if (parsed == null) {
      throw new InvalidRequestException(field, FORMAT);
    }
    if (parsed.compareTo(MAX) > 0) {
      throw new InvalidRequestException(field, RANGE + ", was " + abbreviate(text));
    }
    return parsed;
  }

  /**
   * Checks that {@code duration}, the value of request field {@code field}, is from zero to {@link
   * #MAX}.
   *
   * @throws InvalidRequestException naming the field otherwise
   */
  public static Duration check(String field, Duration duration) {
    if (duration.isNegative()) {
      throw new InvalidRequestException(field, "must not be negative, was " + duration);
    }
    if (duration.compareTo(MAX) > 0) {
      throw new InvalidRequestException(field, RANGE + ", was " + duration);
    }
    return duration;
  }

  /**
   * A number of seconds given as a {@link Number} in field {@code field}, checked like {@link
   * #check}; a fraction of a second is dropped.
   */
  public static Duration ofSeconds(String field, Number seconds) {
    BigDecimal value;
    try {
      value = new BigDecimal(seconds.toString());
    } catch (NumberFormatException notFinite) {
      throw new InvalidRequestException(field, FORMAT);
    }
    if (value.signum() < 0) {
      throw new InvalidRequestException(field, "must not be negative, was " + seconds);
    }
    if (value.compareTo(BigDecimal.valueOf(MAX.getSeconds())) > 0) {
      throw new InvalidRequestException(field, RANGE + ", was " + seconds + " seconds");
    }
    return Duration.ofSeconds(value.longValue());
  }

  private static String abbreviate(String text) {
    String trimmed = text.trim();
    return trimmed.length() <= 40 ? trimmed : trimmed.substring(0, 40) + "...";
  }

  /**
   * The duration, null when not one; throws ArithmeticException, NumberFormatException if huge.
   * Parsed by hand: this runs on the issue path for every requested TTL, where a regular expression
   * cost a quarter of the time.
   */
  private static Duration parseUnbounded(String text) {
    String trimmed = text.trim();
    int length = trimmed.length();
    if (length == 0) {
      return null;
    }
    if (digitsEnd(trimmed, 0) == length) { // a plain number of seconds
      return length <= 40 ? Duration.ofSeconds(Long.parseLong(trimmed)) : null;
    }
    if (length > 40 || !wellFormed(trimmed)) {
      return null;
    }
    Duration total = Duration.ZERO;
    int i = 0;
    while (i < length) {
      int end = digitsEnd(trimmed, i);
      long n = Long.parseLong(trimmed, i, end, 10);
      char unit = trimmed.charAt(end);
      if (unit == 'm' && end + 1 < length && trimmed.charAt(end + 1) == 's') {
        total = total.plus(Duration.ofMillis(n));
        i = end + 2;
        continue;
      }
      total =
          total.plus(
              switch (unit) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
              });
      i = end + 1;
    }
    return total;
  }

  /** Whether {@code text} is one or more parts of digits and a unit (ms, d, h, m, s). */
  private static boolean wellFormed(String text) {
    int i = 0;
    int length = text.length();
    while (i < length) {
      int end = digitsEnd(text, i);
      if (end == i || end == length) {
        return false;
      }
      char unit = text.charAt(end);
      if (unit == 'm' && end + 1 < length && text.charAt(end + 1) == 's') {
        i = end + 2;
      } else if (unit == 'd' || unit == 'h' || unit == 'm' || unit == 's') {
        i = end + 1;
      } else {
        return false;
      }
    }
    return true;
  }

  /** The index after the ASCII digits starting at {@code from}. */
  private static int digitsEnd(String text, int from) {
    int i = from;
    while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      i++;
    }
    return i;
  }

  /** Formats like {@code 768h}, {@code 1h30m}, {@code 45s}, {@code 0s}. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    if (duration.isNegative()) {
      out.append('-');
      duration = duration.negated();
    }
    long hours = duration.toHours();
    int minutes = duration.toMinutesPart();
    int seconds = duration.toSecondsPart();
    int millis = duration.toMillisPart();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (seconds > 0) {
      out.append(seconds).append('s');
    }
    if (millis > 0) {
      out.append(millis).append("ms");
    }
    return out.length() == 0 || out.toString().equals("-") ? "0s" : out.toString();
  }
}
