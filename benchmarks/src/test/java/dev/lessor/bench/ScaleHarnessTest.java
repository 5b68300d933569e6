package dev.lessor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Runs the harness at a tiny size, so that it cannot rot; the figures themselves are not judged.
 */
class ScaleHarnessTest {

  @Test
  void run_tinySize_printsOneRowPerFigureWithMeasuredValues() {
    HarnessOptions options =
        HarnessOptions.parse(
            "--leases",
            "2000",
            "--runs",
            "1",
            "--rate-limit",
            "100",
            // the durable-store and AWS groups run from the packaged jar in .ci/run
            "--only",
            "memory,issue,revoke,schedule,lateness,mass,scrape");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    FigureTable table =
        ScaleHarness.run(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(table.rows())
        .extracting(Figure::name)
        .anySatisfy(name -> assertThat(name).startsWith("memory per live lease: total retained"))
        .anySatisfy(name -> assertThat(name).startsWith("issue rate via Lessor.read, 4 threads"))
        .anySatisfy(name -> assertThat(name).startsWith("revokePrefix"))
        .anySatisfy(name -> assertThat(name).startsWith("schedule+cancel, expiry index"))
        .anySatisfy(name -> assertThat(name).startsWith("expiry lateness p99"))
        .anySatisfy(name -> assertThat(name).startsWith("mass expiry: most revocations started"))
        .anySatisfy(name -> assertThat(name).startsWith("mass expiry: revocations/s"))
        .anySatisfy(name -> assertThat(name).startsWith("metrics scrape: stats snapshot"));
    assertThat(table.rows())
        .allSatisfy(row -> assertThat(row.verdict()).isIn("pass", "FAIL", "report"))
        .allSatisfy(row -> assertThat(row.value()).matches(".*[0-9].*"));
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("| figure ").contains("median of 1 runs");
    assertThat(printed.lines().filter(line -> line.startsWith("|")))
        .hasSize(table.rows().size() + 2);
  }

  @Test
  void parse_unknownFlag_failsWithUsage() {
    assertThatThrownBy(() -> HarnessOptions.parse("--lease", "10"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown flag --lease")
        .hasMessageContaining("usage: ScaleHarness");
  }

  @Test
  void parse_tooFewLeases_failsNamingTheFlag() {
    assertThatThrownBy(() -> HarnessOptions.parse("--leases", "5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--leases must be at least 10, was 5");
  }

  @Test
  void peakWindow_burstThenSteadyRate_countsTheBusiestSecond() {
    long[] starts = burstThenSteady();

    assertThat(MassExpiryFigure.peakWindow(starts)).isEqualTo(50 + 10);
  }

  @Test
  void secondHalfRate_burstThenSteadyRate_isTheSteadyRate() {
    long[] starts = burstThenSteady();

    assertThat(MassExpiryFigure.secondHalfRate(starts)).isCloseTo(20, within(0.01));
  }

  /** 50 starts at once, then 20 a second for three seconds from half a second on. */
  private static long[] burstThenSteady() {
    long second = 1_000_000_000L;
    long[] starts = new long[50 + 60];
    for (int i = 0; i < 50; i++) {
      starts[i] = i;
    }
    for (int i = 0; i < 60; i++) {
      starts[50 + i] = second / 2 + i * (second / 20);
    }
    return starts;
  }
}
