package dev.lessor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.User;

/** IAM's eventual consistency: entities created moments ago answer NoSuchEntity for a while. */
class LocalIamConsistencyIT extends LocalIamFixture {
  private static final String POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:*\","
          + "\"Resource\":\"*\"}]}";
  private final ManualClock clock = new ManualClock();

  @Override
  LocalIam startLocalIam() {
    return LocalIam.builder().clock(clock).start();
  }

  @Test
  void invisibleFor_oneAction_hidesANewUserFromThatActionUntilTheWindowPasses() {
    iam.faults().invisibleFor("ListAccessKeys", Duration.ofSeconds(10));
    client.createUser(b -> b.userName("alice"));

    assertThatThrownBy(() -> client.listAccessKeys(b -> b.userName("alice")))
        .isInstanceOf(IamException.class)
        .hasMessageContaining("The user with name alice cannot be found.")
        .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("NoSuchEntity"))
        .satisfies(e -> assertThat(((IamException) e).statusCode()).isEqualTo(404));
    assertThat(client.getUser(b -> b.userName("alice")).user().userName()).isEqualTo("alice");
    assertThat(client.listUsers().users()).extracting(User::userName).containsExactly("alice");

    clock.advance(Duration.ofSeconds(9));
    assertThatThrownBy(() -> client.listAccessKeys(b -> b.userName("alice")))
        .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("NoSuchEntity"));
    clock.advance(Duration.ofSeconds(1));
    assertThat(client.listAccessKeys(b -> b.userName("alice")).accessKeyMetadata()).isEmpty();
  }

  @Test
  void consistencyWindow_hiddenUser_callsThatNameItChangeNothing() {
    iam.faults().consistencyWindow(Duration.ofSeconds(5));
    client.createUser(b -> b.userName("alice"));

    assertThatThrownBy(
            () ->
                client.putUserPolicy(
                    b -> b.userName("alice").policyName("p").policyDocument(POLICY)))
        .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("NoSuchEntity"));
    assertThatThrownBy(() -> client.createAccessKey(b -> b.userName("alice")))
        .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("NoSuchEntity"));
    assertThatThrownBy(() -> client.deleteUser(b -> b.userName("alice")))
        .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("NoSuchEntity"));

    LocalIam.User alice = iam.user("alice").orElseThrow();
    assertThat(alice.inlinePolicies()).isEmpty();
    assertThat(alice.accessKeys()).isEmpty();
    clock.advance(Duration.ofSeconds(5));
    client.deleteUser(b -> b.userName("alice"));
    assertThat(iam.users()).isEmpty();
  }

  @Test
  void consistencyWindow_newAccessKeyAndPolicy_areHiddenFromCallsThatNameThem() {
    client.createUser(b -> b.userName("alice"));
    iam.faults().consistencyWindow(Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(5));
    String keyId = client.createAccessKey(b -> b.userName("alice")).accessKey().accessKeyId();
    String arn = client.createPolicy(b -> b.policyName("m").policyDocument(POLICY)).policy().arn();

    assertThatThrownBy(() -> client.deleteAccessKey(b -> b.userName("alice").accessKeyId(keyId)))
        .hasMessageContaining("The Access Key with id " + keyId + " cannot be found.");
    assertThatThrownBy(() -> client.attachUserPolicy(b -> b.userName("alice").policyArn(arn)))
        .hasMessageContaining("Policy " + arn + " does not exist or is not attachable.");
    assertThat(client.listAccessKeys(b -> b.userName("alice")).accessKeyMetadata()).hasSize(1);

    clock.advance(Duration.ofSeconds(5));
    client.attachUserPolicy(b -> b.userName("alice").policyArn(arn));
    client.deleteAccessKey(b -> b.userName("alice").accessKeyId(keyId));
    assertThat(iam.user("alice").orElseThrow().accessKeys()).isEmpty();
    assertThat(iam.user("alice").orElseThrow().attachedPolicyArns()).containsExactly(arn);
  }

  @Test
  void invisibleFor_zero_overridesTheWindowForThatAction() {
    iam.faults().consistencyWindow(Duration.ofMinutes(1)).invisibleFor("GetUser", Duration.ZERO);
    client.createUser(b -> b.userName("alice"));

    assertThat(client.getUser(b -> b.userName("alice")).user().userName()).isEqualTo("alice");
    assertThatThrownBy(() -> client.listUserTags(b -> b.userName("alice")))
        .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("NoSuchEntity"));
  }

  @Test
  void clear_removesTheConsistencyWindows() {
    iam.faults()
        .consistencyWindow(Duration.ofMinutes(1))
        .invisibleFor("GetUser", Duration.ofHours(1));
    client.createUser(b -> b.userName("alice"));

    iam.faults().clear();

    assertThat(client.getUser(b -> b.userName("alice")).user().userName()).isEqualTo("alice");
    client.deleteUser(b -> b.userName("alice"));
  }
}
