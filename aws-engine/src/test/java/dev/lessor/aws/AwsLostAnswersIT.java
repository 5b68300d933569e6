package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.Response;
import dev.lessor.UpstreamException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CreateUser and CreateAccessKey applied by IAM with their answer lost: whatever the retries meet
 * afterwards, no user or key outlives its lease, and a retried CreateAccessKey leaves no key nobody
 * holds.
 */
class AwsLostAnswersIT {
  private static AwsTestBed bed(int maxRetries) {
    AwsTestBed bed = new AwsTestBed(b -> b, Map.of("max_retries", maxRetries));
    bed.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY));
    return bed;
  }

  private static void passTheWindowAndDrain(AwsTestBed bed) {
    bed.expire(IamUserRevoker.CONSISTENCY_WINDOW.plusMinutes(1));
    for (int i = 0; i < 30 && !bed.lessor.leases().list("aws/").isEmpty(); i++) {
      bed.expire(Duration.ofMinutes(1));
    }
  }

  @Test
  void readCreds_createUserAppliedThenRetriesThrottled_userDeletedAndLeaseGone() {
    try (AwsTestBed bed = bed(2)) {
      bed.iam.faults().actThenDrop("CreateUser", 1).throttle("CreateUser", 2);

      assertThatThrownBy(() -> bed.creds("r"))
          .isInstanceOfSatisfying(
              UpstreamException.class, e -> assertThat(e.errorCode()).isEqualTo("Throttling"))
          .hasMessageStartingWith("CreateUser lessor-r-");

      assertThat(bed.iam.callCount("CreateUser")).isEqualTo(3);
      passTheWindowAndDrain(bed);
      assertThat(bed.iam.users()).isEmpty();
      assertThat(bed.lessor.leases().list("aws/")).isEmpty();
    }
  }

  @Test
  void readCreds_createUserAppliedThenEntityAlreadyExistsAndTagsHidden_userDeleted() {
    try (AwsTestBed bed = bed(2)) {
      bed.iam
          .faults()
          .actThenDrop("CreateUser", 1)
          .invisibleFor("ListUserTags", Duration.ofMinutes(1));

      assertThatThrownBy(() -> bed.creds("r"))
          .isInstanceOfSatisfying(
              UpstreamException.class,
              e -> assertThat(e.errorCode()).isEqualTo("EntityAlreadyExists"));

      passTheWindowAndDrain(bed);
      assertThat(bed.iam.users()).isEmpty();
      assertThat(bed.lessor.leases().list("aws/")).isEmpty();
    }
  }

  @Test
  void readCreds_createUserAppliedThenEntityAlreadyExists_theUserIsOursAndTheMintSucceeds() {
    try (AwsTestBed bed = bed(2)) {
      bed.iam.faults().actThenDrop("CreateUser", 1);

      Response r = bed.creds("r");

      assertThat(bed.authenticates(r)).isTrue();
      assertThat(bed.iam.users()).hasSize(1);
      assertThat(bed.iam.callCount("CreateUser")).isEqualTo(2);
    }
  }

  @Test
  void readCreds_createUserRefusedOutright_noLeaseLeft() {
    try (AwsTestBed bed = bed(0)) {
      bed.iam.faults().throttle("CreateUser", 1);

      assertThatThrownBy(() -> bed.creds("r")).isInstanceOf(UpstreamException.class);

      assertThat(bed.lessor.leases().list("aws/")).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void readCreds_createAccessKeyAnswersLost_exactlyOneWorkingKey(int lost) {
    try (AwsTestBed bed = bed(2)) {
      bed.iam.faults().actThenDrop("CreateAccessKey", lost);

      Response r = bed.creds("r");

      assertThat(bed.iam.users())
          .singleElement()
          .satisfies(
              u ->
                  assertThat(u.accessKeys())
                      .singleElement()
                      .satisfies(k -> assertThat(k.id()).isEqualTo(r.string("access_key"))));
      assertThat(bed.authenticates(r)).isTrue();
      assertThat(bed.iam.callCount("CreateAccessKey")).isEqualTo(lost + 1);
      bed.lessor.leases().revoke(r.lease().orElseThrow().id());
      assertThat(bed.iam.users()).isEmpty();
    }
  }

  @Test
  void readCreds_createAccessKeyAnswerLostAndKeysHidden_keyDeletedByRevocation() {
    try (AwsTestBed bed = bed(0)) {
      bed.iam
          .faults()
          .actThenDrop("CreateAccessKey", 1)
          .invisibleFor("ListAccessKeys", Duration.ofMinutes(1));

      assertThatThrownBy(() -> bed.creds("r"))
          .isInstanceOfSatisfying(
              UpstreamException.class, e -> assertThat(e.errorCode()).isEqualTo("ClientError"));

      assertThat(bed.iam.users())
          .singleElement()
          .satisfies(u -> assertThat(u.accessKeys()).hasSize(1));
      passTheWindowAndDrain(bed);
      assertThat(bed.iam.users()).isEmpty();
      assertThat(bed.lessor.leases().list("aws/")).isEmpty();
    }
  }
}
