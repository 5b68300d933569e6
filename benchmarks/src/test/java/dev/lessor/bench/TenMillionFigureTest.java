package dev.lessor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the ten-million row at a tiny size, so that it cannot rot; the figures are not judged. */
class TenMillionFigureTest {

  @Test
  void measure_tinySize_revokesEveryDueLeaseAndPrintsEachRow() {
    List<Figure> rows;
    try (TenMillionStore store = TenMillionStore.named(TenMillionStore.SQLITE)) {
      rows = TenMillionFigure.measure(store, 2_000, 200, 1, Duration.ofSeconds(2));
    }

    assertThat(rows)
        .extracting(Figure::name)
        .anySatisfy(name -> assertThat(name).startsWith("ten million: heap serving"))
        .anySatisfy(name -> assertThat(name).startsWith("ten million: restart"))
        .anySatisfy(name -> assertThat(name).startsWith("ten million: expiry lateness p99"))
        .anySatisfy(name -> assertThat(name).startsWith("ten million: on disk per live lease"));
    assertThat(rows).allSatisfy(row -> assertThat(row.value()).matches(".*[0-9].*"));
  }

  @Test
  void runs_noOnlyFlag_leavesTheTenMillionRowOut() {
    assertThat(HarnessOptions.parse().runs(HarnessOptions.TEN_MILLION)).isFalse();
    assertThat(HarnessOptions.parse("--only", "tenmillion").runs(HarnessOptions.TEN_MILLION))
        .isTrue();
  }

  @Test
  void parse_tenMillionFill_fillsThatManyInsteadOfTenMillion() {
    assertThat(HarnessOptions.parse().tenMillionFill()).isEqualTo(10_000_000);
    assertThat(HarnessOptions.parse("--ten-million-fill", "200_000").tenMillionFill())
        .isEqualTo(200_000);
  }

  @Test
  void parse_tenMillionStore_embeddedUnlessPostgresIsNamed() {
    assertThat(HarnessOptions.parse().tenMillionStore()).isEqualTo("sqlite");
    assertThat(HarnessOptions.parse("--ten-million-store", "postgres").tenMillionStore())
        .isEqualTo("postgres");
  }

  @Test
  void parse_unknownTenMillionStore_failsNamingTheFlagAndTheChoices() {
    assertThatThrownBy(() -> HarnessOptions.parse("--ten-million-store", "h2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--ten-million-store takes sqlite or postgres, was h2");
  }

  @Test
  void parse_tenMillionFillNotAboveTheDueLeases_failsNamingTheFlag() {
    assertThatThrownBy(() -> HarnessOptions.parse("--ten-million-fill", "100000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--ten-million-fill must exceed the 100000 due leases");
  }
}
