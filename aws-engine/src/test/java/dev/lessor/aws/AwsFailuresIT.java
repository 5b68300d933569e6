package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.LessorException;
import dev.lessor.Response;
import dev.lessor.UpstreamException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rollback of failed mints, retries of throttling and 5xx, and revocation under IAM's quirks. */
class AwsFailuresIT {
  private final AwsTestBed bed = new AwsTestBed(b -> b, Map.of("max_retries", 0));

  @AfterEach
  void close() {
    bed.close();
  }

  private void fullRole() {
    String managed =
        bed.admin()
            .createPolicy(p -> p.policyName("m").policyDocument(AwsTestBed.EC2_POLICY))
            .policy()
            .arn();
    bed.admin().createGroup(g -> g.groupName("devs"));
    bed.lessor.write(
        "aws/roles/r",
        Map.of(
            "policy_document",
            AwsTestBed.EC2_POLICY,
            "credential_type",
            "iam_user",
            "policy_arns",
            managed,
            "iam_groups",
            "devs"));
  }

  /** Revocations that the core retries in the background run as the clock moves. */
  private void drainRetries() {
    for (int i = 0; i < 30 && !bed.lessor.leases().list("aws/").isEmpty(); i++) {
      bed.expire(Duration.ofMinutes(1));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"PutUserPolicy", "AttachUserPolicy", "AddUserToGroup", "CreateAccessKey"})
  void readCreds_stepAfterCreateUserFails_rollsBackEverything(String action) {
    fullRole();
    bed.iam.faults().fail(action, 1, 500);

    assertThatThrownBy(() -> bed.creds("r"))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("InternalFailure");
              assertThat(e.retryable()).isTrue();
            })
        .hasMessageStartingWith(action)
        .hasMessageContaining("for lease aws/creds/r/")
        .hasMessageContaining("InternalFailure (HTTP 500)");

    assertThat(bed.iam.users()).isEmpty();
    assertThat(bed.lessor.leases().list("aws/")).isEmpty();
    assertThat(bed.admin().getGroup(g -> g.groupName("devs")).users()).isEmpty();
  }

  @Test
  void readCreds_connectionDroppedOnAccessKey_rollsBack() {
    fullRole();
    bed.iam.faults().dropConnection("CreateAccessKey", 1);

    assertThatThrownBy(() -> bed.creds("r"))
        .isInstanceOfSatisfying(
            UpstreamException.class, e -> assertThat(e.errorCode()).isEqualTo("ClientError"));

    assertThat(bed.iam.users()).isEmpty();
    assertThat(bed.lessor.leases().list("aws/")).isEmpty();
  }

  @Test
  void readCreds_createUserFailsWith5xx_leaseRevokedOnceConsistencyWindowPassed() {
    fullRole();
    bed.iam.faults().fail("CreateUser", 1, 503);

    assertThatThrownBy(() -> bed.creds("r"))
        .isInstanceOf(UpstreamException.class)
        .hasMessageContaining("ServiceUnavailable");

    // A 5xx may hide a user that was created, and IAM may not show it yet: the lease stays.
    assertThat(bed.lessor.leases().list("aws/")).hasSize(1);
    drainRetries();
    assertThat(bed.lessor.leases().list("aws/")).isEmpty();
    assertThat(bed.iam.users()).isEmpty();
  }

  @Test
  void readCreds_createUserRefused_noLeaseLeft() {
    bed.lessor.write(
        "aws/roles/r",
        Map.of(
            "policy",
            AwsTestBed.EC2_POLICY,
            "permissions_boundary_arn",
            "arn:aws:iam::123456789012:policy/missing"));

    assertThatThrownBy(() -> bed.creds("r"))
        .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageStartingWith("CreateUser lessor-r-");

    assertThat(bed.lessor.leases().list("aws/")).isEmpty();
  }

  @Test
  void readCreds_throttledWithoutRetries_failsRetryableWithThrottlingCode() {
    fullRole();
    bed.iam.faults().throttle("CreateUser", 1);

    assertThatThrownBy(() -> bed.creds("r"))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("Throttling");
              assertThat(e.retryable()).isTrue();
            });
  }

  @Test
  void revoke_userDeletedOutOfBandJustNow_retriesUntilConsistencyWindowPasses() {
    fullRole();
    Response r = bed.creds("r");
    String id = r.lease().orElseThrow().id();
    String user = bed.iam.users().get(0).name();
    try (StepRunner steps = new StepRunner()) {
      new IamUserDeleter(bed.admin(), steps).delete(user);
    }

    // The engine cannot tell "deleted" from "not visible yet" before the window ends.
    assertThatThrownBy(() -> bed.lessor.leases().revoke(id))
        .isInstanceOfSatisfying(LessorException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("it is not visible yet");

    assertThat(bed.lessor.leases().lookup(id)).isPresent();
    drainRetries();
    assertThat(bed.lessor.leases().lookup(id)).isEmpty();
  }

  @Test
  void revoke_userGainedLoginProfileAndSshKey_deletesThemAndTheUser() {
    fullRole();
    Response r = bed.creds("r");
    String user = bed.iam.users().get(0).name();
    bed.admin().createLoginProfile(p -> p.userName(user).password("Sup3r-secret-pw"));
    bed.admin()
        .uploadSSHPublicKey(
            k ->
                k.userName(user)
                    .sshPublicKeyBody(
                        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq1o0bNw5YyBqfH3zq8q7lP0mO8Y4c"));
    assertThat(bed.iam.user(user).orElseThrow().loginProfile()).isTrue();

    bed.lessor.leases().revoke(r.lease().orElseThrow().id());

    assertThat(bed.iam.users()).isEmpty();
  }

  @Test
  void revoke_throttled_failsThenBackgroundRetrySucceeds() {
    fullRole();
    String id = bed.creds("r").lease().orElseThrow().id();
    bed.iam.faults().throttle("DeleteUser", 1);

    assertThatThrownBy(() -> bed.lessor.leases().revoke(id))
        .isInstanceOfSatisfying(
            UpstreamException.class, e -> assertThat(e.errorCode()).isEqualTo("Throttling"))
        .hasMessageContaining("of lease " + id);

    drainRetries();
    assertThat(bed.lessor.leases().lookup(id)).isEmpty();
    assertThat(bed.iam.users()).isEmpty();
  }

  @Test
  void sdkRetries_throttlingAnd5xx_areRetriedUntilSuccess() {
    try (AwsTestBed retrying = new AwsTestBed(b -> b, Map.of("max_retries", 3))) {
      retrying.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY));
      retrying.iam.faults().throttle("CreateUser", 2).fail("CreateAccessKey", 2, 503);

      Response r = retrying.creds("r");

      assertThat(retrying.authenticates(r)).isTrue();
      assertThat(retrying.iam.callCount("CreateUser")).isEqualTo(3);
      assertThat(retrying.iam.callCount("CreateAccessKey")).isEqualTo(3);
      retrying.iam.faults().fail("DeleteUser", 1, 500);
      retrying.lessor.leases().revoke(r.lease().orElseThrow().id());
      assertThat(retrying.iam.users()).isEmpty();
    }
  }

  @Test
  void sdkRetry_createUserConnectionDropped_retriedToOneUser() {
    try (AwsTestBed retrying = new AwsTestBed(b -> b, Map.of("max_retries", 2))) {
      retrying.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY));
      retrying.iam.faults().dropConnection("CreateUser", 1);

      Response r = retrying.creds("r");

      assertThat(retrying.authenticates(r)).isTrue();
      assertThat(retrying.iam.users()).hasSize(1);
      assertThat(retrying.iam.callCount("CreateUser")).isEqualTo(2);
    }
  }
}
