package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.Response;
import dev.lessor.UpstreamException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Clients built from config/root: default credentials chain, rebuild on change, concurrency. */
class AwsClientsIT {
  private final AwsTestBed bed = new AwsTestBed(b -> b, Map.of("max_retries", 0));

  @AfterEach
  void close() {
    bed.close();
  }

  @Test
  void configRootWithoutKeys_usesDefaultCredentialsChain() {
    Map<String, Object> root = new HashMap<>(bed.rootConfig());
    root.remove("access_key");
    root.remove("secret_key");
    bed.lessor.write("aws/config/root", root);
    bed.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY));
    // The chain reads these system properties first.
    System.setProperty("aws.accessKeyId", bed.iam.adminAccessKeyId());
    System.setProperty("aws.secretAccessKey", bed.iam.adminSecretAccessKey());
    try {
      Response r = bed.creds("r");

      assertThat(bed.authenticates(r)).isTrue();
      assertThat(bed.lessor.read("aws/config/root").data()).containsEntry("access_key", null);
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  @Test
  void configRootChanged_clientsAreRebuiltWithTheNewSettings() {
    bed.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY));
    assertThat(bed.authenticates(bed.creds("r"))).isTrue();
    Map<String, Object> broken = new HashMap<>(bed.rootConfig());
    broken.put("max_retries", 0);
    broken.put("iam_endpoint", "http://127.0.0.1:1");
    bed.lessor.write("aws/config/root", broken);

    assertThatThrownBy(() -> bed.creds("r"))
        .isInstanceOfSatisfying(
            UpstreamException.class, e -> assertThat(e.errorCode()).isEqualTo("ClientError"))
        .hasMessageStartingWith("CreateUser lessor-r-");

    bed.lessor.write("aws/config/root", bed.rootConfig());
    assertThat(bed.authenticates(bed.creds("r"))).isTrue();
    assertThat(bed.iam.users()).hasSize(2);
  }

  @Test
  void readCreds_manyThreadsAtOnce_eachGetsItsOwnUserAndAllAreRevoked() throws Exception {
    bed.admin().createGroup(g -> g.groupName("devs"));
    bed.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY, "iam_groups", "devs"));
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<Future<Response>> futures = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        futures.add(callers.submit(() -> bed.creds("r")));
      }
      List<String> keys = new ArrayList<>();
      for (Future<Response> f : futures) {
        keys.add(f.get().string("access_key"));
      }

      assertThat(keys).doesNotHaveDuplicates().hasSize(24);
      assertThat(bed.iam.users())
          .hasSize(24)
          .allSatisfy(u -> assertThat(u.groups()).containsExactly("devs"));
    } finally {
      callers.shutdown();
    }
    assertThat(bed.lessor.leases().revokePrefix("aws/creds/r/")).isEqualTo(24);
    assertThat(bed.iam.users()).isEmpty();
  }

  @Test
  void close_engine_refusesFurtherWork() {
    bed.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY));
    bed.creds("r");

    bed.lessor.close();

    assertThat(bed.engine).hasToString("AwsSecretsEngine{mount=aws/}");
    assertThatThrownBy(() -> bed.engine.revoke(fakeLease()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the AWS engine at aws/ is closed");
  }

  private static dev.lessor.store.LeaseRecord fakeLease() {
    java.time.Instant t = java.time.Instant.EPOCH;
    return new dev.lessor.store.LeaseRecord(
        "aws/creds/r/x",
        "aws/",
        "aws",
        "aws/creds/r",
        dev.lessor.LeaseState.ACTIVE,
        t,
        t,
        t,
        true,
        Map.of(LeaseData.TYPE, "iam_user", LeaseData.USERNAME, "u"),
        t,
        0,
        null,
        0);
  }
}
