package dev.lessor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/** The README's LocalIam sample, kept compiling and passing. */
class LocalIamReadmeExampleIT {
  @Test
  void readmeSample_runsAsWritten() {
    ManualClock clock = new ManualClock();
    try (LocalIam iam =
            LocalIam.builder()
                .clock(clock)
                .keyActivationDelay(Duration.ofSeconds(10))
                .userLimit(50)
                .start();
        IamClient client =
            IamClient.builder()
                .endpointOverride(iam.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(
                            iam.adminAccessKeyId(), iam.adminSecretAccessKey())))
                .build()) {
      client.createUser(b -> b.userName("alice"));
      client.createAccessKey(b -> b.userName("alice"));
      assertThat(iam.user("alice").orElseThrow().accessKeys()).hasSize(1);
      assertThat(iam.callCount("CreateUser")).isEqualTo(1);
    }
  }
}
