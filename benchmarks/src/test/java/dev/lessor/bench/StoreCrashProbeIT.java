package dev.lessor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short CI version of the store crash probe: 20 SIGKILLs of a child writing from 16 threads to
 * the embedded store, with no acknowledged write lost, every row writable after each restart and
 * the store opening every time. The long runs (500 kills) use {@link StoreCrashProbe#main}.
 */
class StoreCrashProbeIT {
  @TempDir Path dir;

  @Test
  void run_twentyKillsOnEmbeddedStore_losesNothingAndEveryRowStaysWritable() throws Exception {
    StoreCrashProbe.Options options =
        StoreCrashProbe.parse(
            "--store",
            "sqlite",
            "--cycles",
            "20",
            "--threads",
            "16",
            "--dir",
            dir.toString(),
            "--max-ms",
            "1500");
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    ProbeResult result =
        StoreCrashProbe.run(options, new PrintStream(progress, true, StandardCharsets.UTF_8));

    assertThat(result.report()).as(result.report()).endsWith("PASSED");
    assertThat(result.kills()).isEqualTo(20);
    assertThat(result.lost()).isZero();
    assertThat(result.stuck()).isNull();
    assertThat(result.openFailures()).isZero();
    // Most cycles get past startup: the probe measured writes, not only JVM launches.
    assertThat(result.ackInserts()).isGreaterThan(100);
    assertThat(result.rowsRewritten()).isPositive();
  }
}
