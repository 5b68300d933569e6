package dev.lessor.bench;

import java.util.Objects;

/**
 * One row of the harness's table.
 *
 * @param name what was measured, and how much of it
 * @param value the measured figure, with its unit
 * @param baseline the same figure for the baseline measured in the same process, or {@code "-"}
 * @param ratio value against baseline as the row explains, or {@code "-"}
 * @param target what the design aims for
 * @param verdict {@code pass}, {@code FAIL}, {@code report} (no target) or {@code not measured}
 */
record Figure(
    String name, String value, String baseline, String ratio, String target, String verdict) {

  Figure {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(ratio, "ratio");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(verdict, "verdict");
  }

  static String verdict(boolean pass) {
    return pass ? "pass" : "FAIL";
  }

  /** A row for a figure this run could not measure, and why. */
  static Figure notMeasured(String name, String target, String reason) {
    return new Figure(name, "not measured: " + reason, "-", "-", target, "not measured");
  }
}
