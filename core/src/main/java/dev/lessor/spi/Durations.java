package dev.lessor.spi;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats durations the way secrets-server users write them: {@code 768h}, {@code 30m},
 * {@code 1h30m}, {@code 45s}, {@code 2d}, or a plain number of seconds.
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");
  private static final Pattern WHOLE = Pattern.compile("((\\d+)(ms|d|h|m|s))+");

  private Durations() {}

  /**
   * Parses {@code text}; {@code null} when it is not a duration. Accepts a plain number of seconds
   * or parts with units d, h, m, s, ms.
   */
  public static Duration parseOrNull(String text) {
    String trimmed = text.trim();
    if (trimmed.matches("\\d{1,12}")) {
      return Duration.ofSeconds(Long.parseLong(trimmed));
    }
    if (!WHOLE.matcher(trimmed).matches() || trimmed.length() > 40) {
      return null;
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(trimmed);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
              });
    }
    return total;
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
