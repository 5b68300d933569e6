package dev.lessor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.LeasedSecret;
import dev.lessor.Lessor;
import dev.lessor.aws.AwsSecretsEngine;
import dev.lessor.testing.LocalIam;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** README's "point the AWS engine at LocalIam" and "LeasedSecret" examples, as they are written. */
class ReadmeLocalIamTest {
  private static final String POLICY =
      """
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}""";

  @Test
  void expiry_onTheManualClock_deletesTheUserInLocalIam() {
    String policy = POLICY;
    ManualClock clock = new ManualClock();
    try (LocalIam iam = LocalIam.builder().clock(clock).start();
        Lessor lessor =
            Lessor.builder()
                .clock(clock)
                .scheduler(new ManualScheduler(clock))
                .revocationExecutor(Runnable::run)
                .build()) {
      mountAwsOn(lessor, iam);
      lessor.write(
          "aws/roles/app", Map.of("credential_type", "iam_user", "policy_document", policy));
      lessor.read("aws/creds/app", Map.of("ttl", "1h"));
      assertThat(iam.users()).hasSize(1);

      clock.advance(Duration.ofHours(1)); // the lease expires: its user is deleted

      assertThat(iam.users()).isEmpty();
    }
  }

  @Test
  void leasedSecret_endOfBlock_deletesTheUser() {
    ManualClock clock = new ManualClock();
    try (LocalIam iam = LocalIam.builder().clock(clock).start();
        Lessor lessor = Lessor.builder().clock(clock).build()) {
      mountAwsOn(lessor, iam);
      lessor.write(
          "aws/roles/deploy", Map.of("credential_type", "iam_user", "policy_document", POLICY));

      try (LeasedSecret s = lessor.lease("aws/creds/deploy", Map.of("ttl", "15m"))) {
        assertThat(s.string("access_key")).startsWith("AKIA");
        assertThat(s.secret("secret_key").toString()).isEqualTo("***");
        assertThat(iam.users()).hasSize(1);
      }

      assertThat(iam.users()).isEmpty();
    }
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
