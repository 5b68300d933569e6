package dev.lessor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The short version of the crash loop with IAM that CI runs: 50 SIGKILLs of a child minting IAM
 * users against LocalIam on the embedded store, then a final restart and drain. {@code
 * -Dlessor.crash.cycles=N} runs N cycles instead (the full run is the {@link IamCrashLoop} main).
 * CI runs 6 minting threads only, to stay within a few minutes; the full runs take both. The
 * store's bytes on disk are sampled after every kill and must stay within twice their steady size.
 */
class IamCrashLoopIT {
  private static final int CYCLES = Integer.getInteger("lessor.crash.cycles", 50);

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} minting threads")
  @ValueSource(ints = {6})
  void run_killedAtRandomMoments_revocationKeepsWorkingAndNoIamUserLeaks(int threads)
      throws Exception {
    IamCrashOptions options =
        IamCrashOptions.parse(
            "--cycles",
            Integer.toString(CYCLES),
            "--threads",
            Integer.toString(threads),
            "--store",
            CrashStores.KINDS.get(0),
            // The bound tells a stuck lease (overdue for the rest of the run) from a slow one: on
            // two cores shared with the rest of a build, revocations run tens of seconds behind
            // at times without anything being wrong, so CI allows two minutes, not the runner's 30
            // s.
            "--overdue-bound-s",
            "120",
            "--dir",
            dir.resolve("run").toString());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    IamCrashResult result = IamCrashLoop.run(options, out);

    String printed = bytes.toString(StandardCharsets.UTF_8);
    System.out.print(printed); // into the surefire report, with the seed to replay
    assertThat(result.cycles()).as(printed).isEqualTo(CYCLES);
    // a machine too busy for the children to reach IAM in their seconds would pass the rest idly
    assertThat(result.handedOut()).as("credentials handed out\n%s", printed).isPositive();
    assertThat(result.ledger().deleted())
        .as("IAM users deleted in the loop\n%s", printed)
        .isPositive();
    assertThat(result.storeAlwaysOpened()).as(printed).isTrue();
    assertThat(result.revocationKeptWorking()).as(printed).isTrue();
    assertThat(result.drain().orphans()).as("IAM users without a lease\n%s", printed).isZero();
    assertThat(result.drain().usersLeft()).as("IAM users left\n%s", printed).isZero();
    assertThat(result.fileWithinBound()).as("store file within 2x\n%s", printed).isTrue();
    assertThat(printed).contains("result: pass");
  }
}
