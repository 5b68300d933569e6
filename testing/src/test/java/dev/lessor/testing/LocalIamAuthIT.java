package dev.lessor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * SigV4 authentication: a minted key works, and a wrong, unknown, deleted, inactive or not yet
 * propagated key is refused the way IAM refuses it.
 */
class LocalIamAuthIT extends LocalIamFixture {
  private static final String INVALID = "The security token included in the request is invalid.";

  private final ManualClock clock = new ManualClock();

  @Override
  LocalIam startLocalIam() {
    return LocalIam.builder().clock(clock).keyActivationDelay(Duration.ofSeconds(10)).start();
  }

  @BeforeEach
  void createAlice() {
    client.createUser(b -> b.userName("alice"));
  }

  private AccessKey newKey() {
    return client.createAccessKey(b -> b.userName("alice")).accessKey();
  }

  private IamClient clientFor(AccessKey key) {
    return IamClients.iam(iam, key.accessKeyId(), key.secretAccessKey());
  }

  @Test
  void newKey_beforeActivationDelay_isRefused_andWorksOnceTheDelayHasPassed() {
    AccessKey key = newKey();
    try (IamClient alice = clientFor(key)) {
      assertThatThrownBy(alice::getUser)
          .hasMessageContaining(INVALID)
          .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("InvalidClientTokenId"))
          .satisfies(e -> assertThat(((IamException) e).statusCode()).isEqualTo(403));

      clock.advance(Duration.ofSeconds(9));
      assertThatThrownBy(alice::getUser).hasMessageContaining(INVALID);
      clock.advance(Duration.ofSeconds(1));

      assertThat(alice.getUser().user().userName()).isEqualTo("alice");
    }
  }

  @Test
  void wrongSecret_isSignatureDoesNotMatch() {
    AccessKey key = newKey();
    clock.advance(Duration.ofSeconds(10));

    try (IamClient wrong = IamClients.iam(iam, key.accessKeyId(), "x".repeat(40))) {
      assertThatThrownBy(wrong::getUser)
          .isInstanceOf(IamException.class)
          .hasMessageContaining("The request signature we calculated does not match")
          .satisfies(
              e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("SignatureDoesNotMatch"));
    }
  }

  @Test
  void unknownKey_isInvalidClientTokenId() {
    try (IamClient unknown = IamClients.iam(iam, "AKIAUNKNOWNUNKNOWN00", "x".repeat(40))) {
      assertThatThrownBy(unknown::listUsers)
          .hasMessageContaining(INVALID)
          .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("InvalidClientTokenId"));
    }
  }

  @Test
  void deletedKey_stopsWorking() {
    AccessKey key = newKey();
    clock.advance(Duration.ofSeconds(10));
    try (IamClient alice = clientFor(key)) {
      assertThat(alice.getUser().user().userName()).isEqualTo("alice");

      client.deleteAccessKey(b -> b.userName("alice").accessKeyId(key.accessKeyId()));

      assertThatThrownBy(alice::getUser)
          .hasMessageContaining(INVALID)
          .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("InvalidClientTokenId"));
    }
  }

  @Test
  void inactiveKey_isRefused_untilReactivated() {
    AccessKey key = newKey();
    clock.advance(Duration.ofSeconds(10));
    try (IamClient alice = clientFor(key)) {
      client.updateAccessKey(
          b -> b.userName("alice").accessKeyId(key.accessKeyId()).status(StatusType.INACTIVE));

      assertThatThrownBy(alice::getUser)
          .hasMessageContaining(INVALID)
          .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("InvalidClientTokenId"));
      client.updateAccessKey(
          b -> b.userName("alice").accessKeyId(key.accessKeyId()).status(StatusType.ACTIVE));
      assertThat(alice.getUser().user().userName()).isEqualTo("alice");
    }
  }

  @Test
  void longTermKey_sentWithASessionToken_isRefused() {
    AccessKey key = newKey();
    clock.advance(Duration.ofSeconds(10));
    AwsSessionCredentials withToken =
        AwsSessionCredentials.create(key.accessKeyId(), key.secretAccessKey(), "token");

    try (IamClient withTokenClient = IamClients.iam(iam, withToken)) {
      assertThatThrownBy(withTokenClient::getUser).hasMessageContaining(INVALID);
    }
  }

  @Test
  void secrets_appearInNoToStringNorErrorMessage() {
    AccessKey key = newKey();
    clock.advance(Duration.ofSeconds(10));
    client.createAccessKey(b -> b.userName("alice"));

    assertThat(iam.toString()).doesNotContain(iam.adminSecretAccessKey());
    assertThat(iam.users().toString())
        .contains(key.accessKeyId())
        .doesNotContain(key.secretAccessKey());
    try (IamClient wrong = IamClients.iam(iam, key.accessKeyId(), "y".repeat(40))) {
      assertThatThrownBy(wrong::getUser)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key.secretAccessKey()));
    }
  }
}
