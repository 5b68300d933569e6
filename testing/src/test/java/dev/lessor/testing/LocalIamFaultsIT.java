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

/** Throttling, server errors, latency and dropped connections, and the per-action call counts. */
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
  }
}
