package dev.lessor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.LeasedSecret;
import dev.lessor.Lessor;
import dev.lessor.SecretValue;
import dev.lessor.aws.AwsSecretsEngine;
import dev.lessor.testing.LocalIam;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * README's LocalIam and LeasedSecret examples, run as they are written: each region between {@code
 * readme:begin} and {@code readme:end} is a README code block (ReadmeSnippetsTest checks that they
 * match).
 */
class ReadmeLocalIamTest {
  private static final String POLICY =
      """
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}""";

  private final List<String> uploads = new ArrayList<>();

  @Test
  void localIam_builderExample_signsOnlyOnceTheKeyIsActive() {
    // readme:begin local-iam
    ManualClock clock = new ManualClock();
    try (LocalIam iam = LocalIam.builder()
            .clock(clock)                                   // STS expiry, key activation, CreateDate
            .keyActivationDelay(Duration.ofSeconds(10))     // IAM's eventual consistency (default 0)
            .userLimit(50)                                  // users per account (default 5,000)
            .start();                                       // or LocalIam.start() for the defaults
         IamClient client = IamClient.builder()
            .endpointOverride(iam.endpoint())               // one endpoint for IamClient and StsClient
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(iam.adminAccessKeyId(), iam.adminSecretAccessKey())))
            .build()) {
      client.createUser(b -> b.userName("alice"));
      client.createAccessKey(b -> b.userName("alice"));   // signs only once the clock passes +10 s
      assertThat(iam.user("alice").orElseThrow().accessKeys()).hasSize(1);
      assertThat(iam.callCount("CreateUser")).isEqualTo(1);
    }
    // readme:end local-iam
  }

  @Test
  void expiry_onTheManualClock_deletesTheUserInLocalIam() {
    String policy = POLICY;
    // readme:begin local-iam-lessor
    ManualClock clock = new ManualClock();
    try (LocalIam iam = LocalIam.builder().clock(clock).start();
         Lessor lessor = Lessor.builder()
            .clock(clock).scheduler(new ManualScheduler(clock)).revocationExecutor(Runnable::run)
            .build()) {
      lessor.mount("aws/", new AwsSecretsEngine());
      lessor.write("aws/config/root", Map.of(
          "access_key", iam.adminAccessKeyId(), "secret_key", iam.adminSecretAccessKey(),
          "region", iam.region(),
          "iam_endpoint", iam.endpoint().toString(), "sts_endpoint", iam.endpoint().toString()));
      lessor.write("aws/roles/app", Map.of("credential_type", "iam_user", "policy_document", policy));
      lessor.read("aws/creds/app", Map.of("ttl", "1h"));
      clock.advance(Duration.ofHours(1));                  // the lease expires: its user is deleted
      assertThat(iam.users()).isEmpty();
    }
    // readme:end local-iam-lessor
  }

  @Test
  void leasedSecret_endOfBlock_deletesTheUser() {
    ManualClock clock = new ManualClock();
    try (LocalIam iam = LocalIam.builder().clock(clock).start();
        Lessor lessor = Lessor.builder().clock(clock).build()) {
      mountAwsOn(lessor, iam);
      lessor.write(
          "aws/roles/deploy", Map.of("credential_type", "iam_user", "policy_document", POLICY));

      // readme:begin leased-secret
      try (LeasedSecret s = lessor.lease("aws/creds/deploy", Map.of("ttl", "15m"))) {
        upload(s.string("access_key"), s.secret("secret_key"));   // secret(...) prints as ***
      }   // the IAM user is deleted here; a failed revocation is retried in the background, not thrown
      // readme:end leased-secret

      assertThat(uploads).singleElement().asString().startsWith("AKIA").endsWith(" ***");
      assertThat(iam.users()).isEmpty();
    }
  }

  /** Stands for the user's code that uses the secret; records what it was given. */
  private void upload(String accessKey, SecretValue secretKey) {
    uploads.add(accessKey + " " + secretKey);
  }

  /** Mounts the AWS engine at aws/ with LocalIam's root key and endpoints, as README shows. */
  private static void mountAwsOn(Lessor lessor, LocalIam iam) {
    lessor.mount("aws/", new AwsSecretsEngine());
    lessor.write(
        "aws/config/root",
        Map.of(
            "access_key",
            iam.adminAccessKeyId(),
            "secret_key",
            iam.adminSecretAccessKey(),
            "region",
            iam.region(),
            "iam_endpoint",
            iam.endpoint().toString(),
            "sts_endpoint",
            iam.endpoint().toString()));
  }
}
