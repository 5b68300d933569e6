package dev.lessor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

class LocalIamSmokeIT {
  @Test
  void createUser_withRealSdk_works() {
    try (LocalIam iam = LocalIam.start();
        IamClient client = IamClients.iam(iam);
        StsClient sts = IamClients.sts(iam)) {
      client.createUser(b -> b.userName("alice").path("/lessor/"));
      assertThat(client.getUser(b -> b.userName("alice")).user().arn())
          .isEqualTo("arn:aws:iam::123456789012:user/lessor/alice");
      assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::123456789012:root");
      assertThat(iam.user("alice")).isPresent();
    }
  }
}
