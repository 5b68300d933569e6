package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lessor.Lessor;
import dev.lessor.Response;
import dev.lessor.UpstreamException;
import dev.lessor.testing.LocalIam;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount without {@code config/root} keys uses the AWS SDK's default credentials chain, says so
 * once in the log, and when the chain finds nothing fails clearly before recording a lease. The
 * chain is steered through system properties only (restored after each test); a test is skipped
 * when the environment itself holds AWS credentials.
 */
class AwsDefaultChainIT {
  private static final List<String> PROPERTIES =
      List.of(
          "aws.accessKeyId",
          "aws.secretAccessKey",
          "aws.sessionToken",
          "aws.sharedCredentialsFile",
          "aws.configFile",
          "aws.profile",
          "aws.webIdentityTokenFile",
          "aws.disableEc2Metadata",
          "aws.region");

  private final Map<String, String> saved = new HashMap<>();
  private final ManualClock clock = new ManualClock();
  private Lessor lessor;

  @BeforeEach
  void emptyChain(@TempDir Path dir) throws IOException {
    assumeTrue(
        Stream.of(
                "AWS_ACCESS_KEY_ID",
                "AWS_WEB_IDENTITY_TOKEN_FILE",
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "AWS_PROFILE")
            .allMatch(v -> System.getenv(v) == null),
        "the environment holds AWS credentials");
    for (String p : PROPERTIES) {
      saved.put(p, System.getProperty(p));
      System.clearProperty(p);
    }
    System.setProperty(
        "aws.sharedCredentialsFile", Files.createFile(dir.resolve("credentials")).toString());
    System.setProperty("aws.configFile", Files.createFile(dir.resolve("config")).toString());
    System.setProperty("aws.disableEc2Metadata", "true");
    System.setProperty("aws.region", "us-east-1");
    lessor =
        Lessor.builder()
            .clock(clock)
            .scheduler(new ManualScheduler(clock))
            .revocationExecutor(Runnable::run)
            .build();
    lessor.mount("aws/", new AwsSecretsEngine());
  }

  @AfterEach
  void restore() {
    if (lessor != null) {
      lessor.close();
    }
    saved.forEach(
        (p, v) -> {
          if (v == null) {
            System.clearProperty(p);
          } else {
            System.setProperty(p, v);
          }
        });
  }

  @Test
  void readCreds_noConfigRootAndNothingInTheChain_failsClearlyAndLeavesNoLease() {
    lessor.write("aws/roles/user", Map.of("policy", AwsTestBed.EC2_POLICY));
    lessor.write(
        "aws/roles/fed",
        Map.of("credential_type", "federation_token", "policy_document", AwsTestBed.EC2_POLICY));

    for (String path : List.of("aws/creds/user", "aws/sts/fed")) {
      assertThatThrownBy(() -> lessor.read(path))
          .isInstanceOfSatisfying(
              UpstreamException.class,
              e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.errorCode()).isEqualTo("NoCredentials");
              })
          .hasMessageStartingWith(
              "no AWS credentials for aws/: aws/config/root has no access_key, and the AWS SDK's"
                  + " default credentials chain found none; it looked at the environment"
                  + " variables AWS_ACCESS_KEY_ID")
          .hasMessageContaining("system properties aws.accessKeyId")
          .hasMessageContaining("~/.aws/credentials")
          .hasMessageContaining("container and EC2 instance metadata")
          .hasMessageEndingWith("No lease was created.");
      assertThat(lessor.leases().count()).isZero();
    }
  }

  @Test
  void readCreds_configRootWithoutKeys_usesTheChainAndLogsItOnce() {
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    try (LocalIam iam = LocalIam.builder().clock(clock).start()) {
      System.setProperty("aws.accessKeyId", iam.adminAccessKeyId());
      System.setProperty("aws.secretAccessKey", iam.adminSecretAccessKey());
      lessor.write(
          "aws/config/root",
          Map.of(
              "region", iam.region(),
              "iam_endpoint", iam.endpoint().toString(),
              "sts_endpoint", iam.endpoint().toString()));
      lessor.write("aws/roles/user", Map.of("policy", AwsTestBed.EC2_POLICY));
      System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));

      Response first = lessor.read("aws/creds/user");
      Response second = lessor.read("aws/creds/user");

      System.setErr(originalErr);
      assertThat(iam.users()).hasSize(2);
      assertThat(first.lease()).isPresent();
      assertThat(second.lease()).isPresent();
      String log = logs.toString(StandardCharsets.UTF_8);
      assertThat(log.lines().filter(l -> l.contains("default credentials chain")))
          .singleElement()
          .asString()
          .contains("INFO")
          .contains("aws/config/root has no access_key")
          .contains("IAM endpoint " + iam.endpoint());
      lessor.leases().revokePrefix("aws/");
      assertThat(iam.users()).isEmpty();
    } finally {
      System.setErr(originalErr);
    }
  }
}
