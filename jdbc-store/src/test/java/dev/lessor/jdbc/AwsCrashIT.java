package dev.lessor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.Lessor;
import dev.lessor.aws.AwsSecretsEngine;
import dev.lessor.testing.LocalIam;
import dev.lessor.testing.ManualClock;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM issues IAM users through the AWS engine against a LocalIam in this JVM, keeping its
 * leases in H2, and is killed with SIGKILL at random points, several times over. A new Lessor on
 * the same H2 file must then delete every IAM user the children created: those whose credentials
 * were handed out and those caught half-made by the kill (their leases were still pending).
 */
class AwsCrashIT {
  private static final EncryptionKey KEY = TestKeys.key(6);
  private static final int ROUNDS = 3;

  @TempDir Path dir;

  @Test
  void childKilledRepeatedly_newLessorOnSameFile_leavesNoIamUser() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    try (LocalIam iam = LocalIam.start()) {
      List<String> handedOut = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        handedOut.addAll(runChildAndKill(iam, 1 + random.nextInt(25)));
      }
      assertThat(iam.users()).as("seed %d", seed).hasSizeGreaterThanOrEqualTo(handedOut.size());

      ManualClock clock = new ManualClock(Instant.now());
      try (JdbcStores stores = JdbcStores.h2(dir, KEY);
          Lessor lessor = TestLessors.onManualClock(stores, clock).build()) {
        // Mounts live in code; the root credentials and the role come back from the store.
        lessor.mount("aws/", new AwsSecretsEngine());
        assertThat(lessor.leases().list("aws/")).containsAll(handedOut);

        clock.advance(Duration.ofHours(2)); // past the 1h TTL and the 10 min pending timeout

        assertThat(iam.users()).as("IAM users left, seed %d", seed).isEmpty();
        assertThat(lessor.leases().count()).isZero();
      }
    }
  }

  /**
   * Runs a child until it has handed out {@code count} credentials, kills it, returns lease ids.
   */
  private List<String> runChildAndKill(LocalIam iam, int count) throws Exception {
    Map<String, String> env =
        Map.of(
            "LOCAL_IAM_ENDPOINT", iam.endpoint().toString(),
            "LOCAL_IAM_REGION", iam.region(),
            "LOCAL_IAM_ACCESS_KEY", iam.adminAccessKeyId(),
            "LOCAL_IAM_SECRET_KEY", iam.adminSecretAccessKey());
    Process child = ChildJvm.start(AwsCrashIT.class, Redirect.DISCARD, env, dir.toString());
    return ChildJvm.readLinesThenKill(child, count);
  }

  /**
   * The child: configures the engine (first run only), then 4 threads read {@code aws/creds/r}
   * until killed, printing each lease id once its credential is handed out.
   */
  public static void main(String[] args) {
    JdbcStores stores = JdbcStores.h2(Path.of(args[0]), KEY);
    Lessor lessor =
        Lessor.builder().leaseStore(stores.leaseStore()).storage(stores.storage()).build();
    lessor.mount("aws/", new AwsSecretsEngine());
    if (stores.storage().list("aws/").isEmpty()) { // the first child configures the mount
      String endpoint = System.getenv("LOCAL_IAM_ENDPOINT");
      lessor.write(
          "aws/config/root",
          Map.of(
              "access_key", System.getenv("LOCAL_IAM_ACCESS_KEY"),
              "secret_key", System.getenv("LOCAL_IAM_SECRET_KEY"),
              "region", System.getenv("LOCAL_IAM_REGION"),
              "iam_endpoint", endpoint,
              "sts_endpoint", endpoint));
      lessor.write(
          "aws/roles/r",
          Map.of(
              "policy",
              "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                  + "\"Action\":\"ec2:*\",\"Resource\":\"*\"}]}",
              "ttl",
              "1h"));
    }
    ChildJvm.printForever(4, () -> lessor.read("aws/creds/r").lease().orElseThrow().id());
  }
}
