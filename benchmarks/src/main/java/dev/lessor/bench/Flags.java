package dev.lessor.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --flag value} pairs of a benchmark's command line. {@code --help}, a flag without a
 * value and a flag the benchmark does not know fail with its usage; a flag given twice keeps its
 * last value. Numbers may group digits with underscores ({@code 100_000}).
 */
final class Flags {
  private final Map<String, String> values;

  private Flags(Map<String, String> values) {
    this.values = values;
  }

  /**
   * @param known every flag the benchmark takes, such as {@code "--runs"}
   * @param usage the benchmark's usage text, shown with any error
   * @throws IllegalArgumentException for {@code --help}, an unknown flag or a missing value
   */
  static Flags parse(String[] args, Set<String> known, String usage) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help")) {
        throw new IllegalArgumentException(usage);
      }
      if (!known.contains(flag)) {
        throw new IllegalArgumentException("unknown flag " + flag + "\n" + usage);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value\n" + usage);
      }
      values.put(flag, args[++i]);
    }
    return new Flags(values);
  }

  String string(String flag, String orElse) {
    return values.getOrDefault(flag, orElse);
  }

  int integer(String flag, int orElse) {
    String value = values.get(flag);
    return value == null ? orElse : Integer.parseInt(value.replace("_", ""));
  }

  long longValue(String flag, long orElse) {
    String value = values.get(flag);
    return value == null ? orElse : Long.parseLong(value.replace("_", ""));
  }

  double decimal(String flag, double orElse) {
    String value = values.get(flag);
    return value == null ? orElse : Double.parseDouble(value);
  }

  /** A flag in milliseconds, such as {@code --max-run-ms}. */
  Duration millis(String flag, Duration orElse) {
    return values.containsKey(flag) ? Duration.ofMillis(longValue(flag, 0)) : orElse;
  }

  /** A flag in seconds, such as {@code --drain-timeout-s}. */
  Duration seconds(String flag, Duration orElse) {
    return values.containsKey(flag) ? Duration.ofSeconds(longValue(flag, 0)) : orElse;
  }
}
