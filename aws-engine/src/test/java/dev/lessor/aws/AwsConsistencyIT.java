package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.LeaseState;
import dev.lessor.LessorException;
import dev.lessor.RetryLaterException;
import dev.lessor.UpstreamException;
import dev.lessor.store.LeaseRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * IAM's eventual consistency against rollback and revocation: a user created moments ago may answer
 * NoSuchEntity, so only a DeleteUser that succeeded, or NoSuchEntity once the consistency window
 * since the lease's issue has passed, counts as the user being gone.
 */
class AwsConsistencyIT {
  private static final Duration IAM_LAG = Duration.ofMinutes(1);
  private final AwsTestBed bed = new AwsTestBed(b -> b, Map.of("max_retries", 0));

  @AfterEach
  void close() {
    bed.close();
  }

  /** Past the engine's consistency window, then the revocations due run until none is left. */
  private void passTheWindowAndDrain() {
    bed.expire(IamUserRevoker.CONSISTENCY_WINDOW.plusMinutes(1));
    for (int i = 0; i < 30 && !bed.lessor.leases().list("aws/").isEmpty(); i++) {
      bed.expire(Duration.ofMinutes(1));
    }
  }

  @Test
  void readCreds_rollbackMeetsNoSuchEntity_leaseStaysUntilIamConfirmsTheUserGone() {
    bed.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY));
    bed.iam.faults().invisibleFor("PutUserPolicy", IAM_LAG).invisibleFor("ListAccessKeys", IAM_LAG);

    assertThatThrownBy(() -> bed.creds("r"))
        .isInstanceOfSatisfying(
            UpstreamException.class, e -> assertThat(e.errorCode()).isEqualTo("NoSuchEntity"))
        .hasMessageStartingWith("PutUserPolicy on lessor-r-");

    // CreateAccessKey succeeded meanwhile: a user with a working key, hidden from the rollback.
    assertThat(bed.iam.users())
        .singleElement()
        .satisfies(u -> assertThat(u.accessKeys()).hasSize(1));
    assertThat(bed.lessor.leases().list("aws/")).hasSize(1);
    passTheWindowAndDrain();
    assertThat(bed.iam.users()).isEmpty();
    assertThat(bed.lessor.leases().list("aws/")).isEmpty();
  }

  @Test
  void readCreds_deleteUserHiddenDuringRollback_leaseStaysUntilTheUserIsDeleted() {
    bed.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY));
    bed.iam.faults().fail("PutUserPolicy", 1, 500).invisibleFor("DeleteUser", IAM_LAG);

    assertThatThrownBy(() -> bed.creds("r")).isInstanceOf(UpstreamException.class);

    assertThat(bed.lessor.leases().list("aws/")).hasSize(1);
    passTheWindowAndDrain();
    assertThat(bed.iam.users()).isEmpty();
    assertThat(bed.lessor.leases().list("aws/")).isEmpty();
  }

  @Test
  void revoke_userNotFoundWithinTheWindow_throwsRetryLaterForTheWindowsEnd() {
    Instant issued = bed.clock.instant();
    LeaseRecord lease = lease("lessor-r-never-created", issued);

    assertThatThrownBy(() -> bed.engine.revoke(lease))
        .isInstanceOfSatisfying(
            RetryLaterException.class,
            e -> assertThat(e.retryAt()).isEqualTo(issued.plus(IamUserRevoker.CONSISTENCY_WINDOW)))
        .hasMessageContaining("NoSuchEntity for user lessor-r-never-created of lease " + lease.id())
        .hasMessageContaining("either it is not visible yet")
        .hasMessageContaining("or it never existed or was deleted already");

    bed.clock.advance(IamUserRevoker.CONSISTENCY_WINDOW.minusSeconds(1));
    assertThatThrownBy(() -> bed.engine.revoke(lease)).isInstanceOf(RetryLaterException.class);
    bed.clock.advance(Duration.ofSeconds(1));
    bed.engine.revoke(lease); // now NoSuchEntity means gone
  }

  @Test
  void revoke_deleteUserAnswerLost_leaseRevokedOnceTheWindowPassed() {
    bed.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY));
    String id = bed.creds("r").lease().orElseThrow().id();
    bed.iam.faults().actThenDrop("DeleteUser", 1);

    assertThatThrownBy(() -> bed.lessor.leases().revoke(id)).isInstanceOf(LessorException.class);

    // The user is gone, but the engine cannot tell that from "not visible yet" for a while.
    assertThat(bed.iam.users()).isEmpty();
    assertThat(bed.lessor.leases().lookup(id)).isPresent();
    passTheWindowAndDrain();
    assertThat(bed.lessor.leases().lookup(id)).isEmpty();
  }

  @Test
  void readCreds_createUserNeverReachedIam_leaseRevokedOnceTheWindowPassed() {
    bed.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY));
    bed.iam.faults().dropConnection("CreateUser", 1);

    assertThatThrownBy(() -> bed.creds("r"))
        .isInstanceOfSatisfying(
            UpstreamException.class, e -> assertThat(e.errorCode()).isEqualTo("ClientError"));

    assertThat(bed.iam.users()).isEmpty();
    assertThat(bed.lessor.leases().list("aws/")).hasSize(1);
    passTheWindowAndDrain();
    assertThat(bed.lessor.leases().list("aws/")).isEmpty();
  }

  private LeaseRecord lease(String userName, Instant issued) {
    return LeaseRecord.builder()
        .id("aws/creds/r/consistency")
        .mount("aws/")
        .engine("aws")
        .path("aws/creds/r")
        .state(LeaseState.ACTIVE)
        .issueTime(issued)
        .expireTime(issued.plus(Duration.ofHours(1)))
        .maxExpireTime(issued.plus(Duration.ofHours(1)))
        .renewable(true)
        .internal(
            Map.of(
                LeaseData.TYPE,
                CredentialType.IAM_USER.wireName(),
                LeaseData.USERNAME,
                userName,
                LeaseData.ROLE,
                "r"))
        .dueTime(issued.plus(Duration.ofHours(1)))
        .build();
  }
}
