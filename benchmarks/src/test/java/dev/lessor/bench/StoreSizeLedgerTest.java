package dev.lessor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreSizeLedgerTest {
  @TempDir Path dir;

  /** Sizes the store's database file and WAL, then samples them as after a kill. */
  private void sample(StoreSizeLedger ledger, int cycle, long dbBytes, long walBytes)
      throws IOException {
    resize(dir.resolve("lessor.db"), dbBytes);
    resize(dir.resolve("lessor.db-wal"), walBytes);
    ledger.sample(cycle, 100);
  }

  private static void resize(Path file, long bytes) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(bytes);
    }
  }

  @Test
  void withinBound_sizeSettlesAfterWarmUp_passesAtTheSettledSize() throws IOException {
    StoreSizeLedger ledger = new StoreSizeLedger(dir);
    for (int cycle = 1; cycle <= 40; cycle++) {
      long wal = Math.min(cycle, 8) * 500_000L; // the WAL fills up in the first cycles
      sample(ledger, cycle, 400_000 + cycle % 3 * 10_000, wal);
    }

    assertThat(ledger.steady().bytes()).isBetween(4_400_000L, 4_420_000L);
    assertThat(ledger.steady().walBytes()).isEqualTo(4_000_000);
    assertThat(ledger.largestWal()).isEqualTo(4_000_000);
    assertThat(ledger.drift()).isCloseTo(1.0, within(0.01));
    assertThat(ledger.withinBound()).isTrue();
  }

  @Test
  void withinBound_lightlyWrittenStoreFillsItsWalLate_passes() throws IOException {
    StoreSizeLedger ledger = new StoreSizeLedger(dir);
    for (int cycle = 1; cycle <= 40; cycle++) { // a busy machine: the WAL is full only at the end
      sample(ledger, cycle, 80_000, cycle * 100_000L);
    }

    assertThat(ledger.largest().bytes()).isGreaterThan(2 * 1_580_000L); // the second quarter's
    assertThat(ledger.drift()).isLessThan(1.0);
    assertThat(ledger.withinBound()).isTrue();
  }

  @Test
  void withinBound_walGrowingEveryCycle_failsOnTheDriftAlone() throws IOException {
    StoreSizeLedger ledger = new StoreSizeLedger(dir);
    for (int cycle = 1; cycle <= 40; cycle++) {
      sample(ledger, cycle, 400_000, cycle * 1_000_000L);
    }

    // a straight line ends at 1.3 times its second half's median: only the drift tells
    assertThat(ledger.largest().bytes()).isLessThan(2 * ledger.steady().bytes());
    assertThat(ledger.drift()).isGreaterThan(2.0);
    assertThat(ledger.withinBound()).isFalse();
  }

  @Test
  void withinBound_oneCycleMoreThanTwiceSteady_fails() throws IOException {
    StoreSizeLedger ledger = new StoreSizeLedger(dir);
    for (int cycle = 1; cycle <= 40; cycle++) {
      sample(ledger, cycle, 400_000, cycle == 30 ? 12_000_000 : 4_000_000);
    }

    assertThat(ledger.largest().cycle()).isEqualTo(30);
    assertThat(ledger.drift()).isEqualTo(1.0);
    assertThat(ledger.withinBound()).isFalse();
  }
}
