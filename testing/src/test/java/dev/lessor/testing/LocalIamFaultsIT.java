package dev.lessor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Throttling, server errors, latency, connections dropped before and after acting, and the
 * per-action call counts.
 */
class LocalIamFaultsIT extends LocalIamFixture {
  @Test
  void throttle_nextTwoCalls_areThrottlingThenTheThirdSucceeds() {
    iam.faults().throttle("CreateUser", 2);

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> client.createUser(b -> b.userName("alice")))
          .isInstanceOf(IamException.class)
          .hasMessageContaining("Rate exceeded")
          .satisfies(e -> assertThat(((IamException) e).statusCode()).isEqualTo(400))
          .satisfies(e -> assertThat(((IamException) e).isThrottlingException()).isTrue())
          .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("Throttling"));
    }
    client.createUser(b -> b.userName("alice"));

    assertThat(iam.users()).extracting(LocalIam.User::name).containsExactly("alice");
    assertThat(iam.callCount("CreateUser")).isEqualTo(3);
    assertThat(iam.callCounts()).isEqualTo(Map.of("CreateUser", 3));
  }

  @Test
  void fail_with503And500_answersServiceUnavailableAndInternalFailure() {
    client.createUser(b -> b.userName("alice"));
    iam.faults().fail("DeleteUser", 1, 503);

    assertThatThrownBy(() -> client.deleteUser(b -> b.userName("alice")))
        .hasMessageContaining("Service is unavailable")
        .satisfies(e -> assertThat(((IamException) e).statusCode()).isEqualTo(503))
        .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("ServiceUnavailable"));
    iam.faults().fail("DeleteUser", 1, 500);
    assertThatThrownBy(() -> client.deleteUser(b -> b.userName("alice")))
        .hasMessageContaining("The request processing has failed.")
        .satisfies(e -> assertThat(((IamException) e).statusCode()).isEqualTo(500))
        .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("InternalFailure"));

    assertThat(iam.user("alice")).isPresent();
    client.deleteUser(b -> b.userName("alice"));
    assertThat(iam.user("alice")).isEmpty();
  }

  @Test
  void fail_withTheSdksDefaultRetries_isRetriedAndSucceeds() {
    iam.faults().fail("CreateUser", 1, 503);
    try (IamClient retrying = IamClients.adminIamBuilder(iam).build()) {
      retrying.createUser(b -> b.userName("alice"));
    }

    assertThat(iam.callCount("CreateUser")).isEqualTo(2);
    assertThat(iam.user("alice")).isPresent();
  }

  @Test
  void deny_nextCall_isAccessDeniedWithoutActingAndNotRetriedByTheSdk() {
    iam.faults().deny("CreateUser", 1);
    try (IamClient retrying = IamClients.adminIamBuilder(iam).build()) {
      assertThatThrownBy(() -> retrying.createUser(b -> b.userName("alice")))
          .isInstanceOf(IamException.class)
          .satisfies(e -> assertThat(((IamException) e).statusCode()).isEqualTo(403))
          .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("AccessDenied"));
      assertThat(iam.callCount("CreateUser")).isEqualTo(1);
      assertThat(iam.user("alice")).isEmpty();

      retrying.createUser(b -> b.userName("alice"));
    }
    assertThat(iam.user("alice")).isPresent();
  }

  @Test
  void latency_delaysEveryCallUntilCleared() {
    iam.faults().latency("ListUsers", Duration.ofMillis(200));

    for (int i = 0; i < 2; i++) {
      long start = System.nanoTime();
      client.listUsers();
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }
    assertThat(iam.callCount("ListUsers")).isEqualTo(2);
  }

  @Test
  void latency_beyondTheClientsTimeout_failsTheCall() {
    iam.faults().latency("GetUser", Duration.ofMillis(500));
    try (IamClient impatient =
        IamClients.adminIamBuilder(iam)
            .overrideConfiguration(
                c ->
                    c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(Duration.ofMillis(100)))
            .build()) {
      assertThatThrownBy(impatient::getUser).isInstanceOf(ApiCallAttemptTimeoutException.class);
    }
  }

  @Test
  void dropConnection_failsOnTheClientSide_andChangesNothing() {
    iam.faults().dropConnection("CreateUser", 1);

    assertThatThrownBy(() -> client.createUser(b -> b.userName("alice")))
        .isInstanceOf(SdkClientException.class)
        .hasMessageContaining("Unable to execute HTTP request");
    assertThat(iam.users()).isEmpty();
    client.createUser(b -> b.userName("alice"));
    assertThat(iam.user("alice")).isPresent();
  }

  @Test
  void actThenDrop_createUser_createsTheUserButTheClientSeesAConnectionError() {
    iam.faults().actThenDrop("CreateUser", 1);

    assertThatThrownBy(() -> client.createUser(b -> b.userName("alice")))
        .isInstanceOf(SdkClientException.class)
        .hasMessageContaining("Unable to execute HTTP request");

    assertThat(iam.user("alice")).isPresent();
    assertThat(iam.callCount("CreateUser")).isEqualTo(1);
  }

  @Test
  void actThenDrop_withTheSdksRetries_theRetryMeetsEntityAlreadyExists() {
    iam.faults().actThenDrop("CreateUser", 1);

    try (IamClient retrying = IamClients.adminIamBuilder(iam).build()) {
      assertThatThrownBy(() -> retrying.createUser(b -> b.userName("alice")))
          .isInstanceOf(IamException.class)
          .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("EntityAlreadyExists"));
    }

    assertThat(iam.users()).extracting(LocalIam.User::name).containsExactly("alice");
    assertThat(iam.callCount("CreateUser")).isEqualTo(2);
  }

  @Test
  void actThenDrop_createAccessKeyWithTheSdksRetries_leavesAKeyNobodyHolds() {
    client.createUser(b -> b.userName("alice"));
    iam.faults().actThenDrop("CreateAccessKey", 1);

    String returned;
    try (IamClient retrying = IamClients.adminIamBuilder(iam).build()) {
      returned = retrying.createAccessKey(b -> b.userName("alice")).accessKey().accessKeyId();
    }

    assertThat(iam.user("alice").orElseThrow().accessKeys())
        .extracting(LocalIam.AccessKeyView::id)
        .hasSize(2)
        .contains(returned);
  }

  @Test
  void actThenDrop_beforeThrottle_actsOnTheFirstCallAndThrottlesTheSecond() {
    iam.faults().throttle("DeleteUser", 1).actThenDrop("DeleteUser", 1);
    client.createUser(b -> b.userName("alice"));

    assertThatThrownBy(() -> client.deleteUser(b -> b.userName("alice")))
        .isInstanceOf(SdkClientException.class);
    assertThat(iam.users()).isEmpty();
    assertThatThrownBy(() -> client.deleteUser(b -> b.userName("alice")))
        .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("Throttling"));
    assertThatThrownBy(() -> client.deleteUser(b -> b.userName("alice")))
        .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("NoSuchEntity"));
  }

  @Test
  void clear_removesPendingAndStandingFaults() {
    iam.faults().throttle("CreateUser", 5).dropConnection("ListUsers", 5);

    iam.faults().clear();

    client.createUser(b -> b.userName("alice"));
    assertThat(client.listUsers().users()).hasSize(1);
  }

  @Test
  void throttle_onAnStsAction_throttlesStsCalls() {
    iam.faults().throttle("GetCallerIdentity", 1);
    try (StsClient sts = IamClients.sts(iam)) {
      assertThatThrownBy(sts::getCallerIdentity)
          .isInstanceOf(StsException.class)
          .hasMessageContaining("Rate exceeded")
          .satisfies(e -> assertThat(IamClients.stsErrorCode(e)).isEqualTo("Throttling"));
      assertThat(sts.getCallerIdentity().account()).isEqualTo("123456789012");
    }
  }

  @Test
  void faults_rejectNonsense() {
    assertThatThrownBy(() -> iam.faults().fail("CreateUser", 1, 404))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status must be a 5xx server error, was 404");
    assertThatThrownBy(() -> iam.faults().throttle("CreateUser", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("times must not be negative, was -1");
    assertThatThrownBy(() -> iam.faults().latency("CreateUser", Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("latency must not be negative, was PT-0.001S");
    assertThatThrownBy(() -> iam.faults().actThenDrop("CreateUser", -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("times must not be negative, was -2");
    assertThatThrownBy(() -> iam.faults().invisibleFor("GetUser", Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must not be negative, was PT-1S");
    assertThatThrownBy(() -> iam.faults().consistencyWindow(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("window");
  }
}
