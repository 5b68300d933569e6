package dev.lessor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.jdbc.JdbcStores;
import dev.lessor.testing.LocalIam;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the walkthrough's whole flow against LocalIam, as the README's first command does. */
class WalkthroughIT {

  private static String run(LocalIam iam, boolean showSecrets) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    new Walkthrough(out, showSecrets, Walkthrough.localIam(iam), Duration.ofSeconds(2)).run();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void run_againstLocalIam_printsEveryStageAndLeavesNoUserBehind() {
    try (LocalIam iam = LocalIam.start()) {
      String out = run(iam, false);

      assertThat(out)
          .contains("Success! Enabled the aws secrets engine at: aws/")
          .contains("Success! Data written to: aws/roles/my-role")
          .containsPattern("lease_id\\s+aws/creds/my-role/\\S+")
          .containsPattern("lease_duration\\s+768h")
          .containsPattern("lease_renewable\\s+true")
          .containsPattern("secret_key\\s+\\*{16}")
          .containsPattern("security_token\\s+<nil>")
          .contains("Two different key pairs: true")
          .containsPattern("# with the first key\\narn:aws:iam::\\d{12}:user/lessor/aws/")
          .containsPattern("lease_duration\\s+1h\\n")
          .contains("# with the revoked key\nrefused: InvalidClientTokenId")
          .contains("The lease expired and Lessor revoked it: aws/creds/short-lived/")
          .contains("# with the expired key\nrefused: InvalidClientTokenId")
          .contains("Success! Revoked 1 lease(s) under aws/creds/")
          .contains("Leases left: 0")
          .contains("Rotations: 2, failed calls: 0")
          .contains("Provider closed; its leases left: 0")
          .contains("Success! Data written to: aws/static-roles/app")
          .containsPattern(
              "# with the previous key, within the overlap\narn:aws:iam::\\d{12}:user/"
                  + "lessor-walkthrough-app")
          .contains("# with the previous key, after the overlap\nrefused: InvalidClientTokenId")
          .contains("Success! Rotation stopped")
          .doesNotContain(iam.adminSecretAccessKey());
      assertThat(iam.users()).isEmpty();
    }
  }

  @Test
  void run_showSecrets_printsTheSecretKeys() {
    try (LocalIam iam = LocalIam.start()) {
      assertThat(run(iam, true))
          .doesNotContainPattern("secret_key\\s+\\*{16}")
          .containsPattern("secret_key\\s+\\S{20,}");
    }
  }

  @Test
  void run_onEmbeddedStore_sameFlowAndStoreKeepsConfigButNoLease(@TempDir Path dir) {
    try (LocalIam iam = LocalIam.start()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
      new Walkthrough(out, false, Walkthrough.localIam(iam), Duration.ofSeconds(2), dir).run();

      assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Leases left: 0");
      assertThat(iam.users()).isEmpty();
    }
    try (JdbcStores stores = JdbcStores.embedded(dir)) {
      assertThat(stores.leaseStore().count()).isZero();
      assertThat(stores.storage().list("aws/")).isNotEmpty();
    }
  }
}
