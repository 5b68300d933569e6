package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.LeaseState;
import dev.lessor.store.LeaseRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Revocation's two ways at the wire: deleting what the engine attached and calling DeleteUser, and
 * the sweep that follows when IAM answers DeleteConflict.
 */
class AwsRevocationIT {
  private static final String SSH_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq1o0bNw5YyBqfH3zq8q7lP0mO8Y4c";

  private final AwsTestBed bed = new AwsTestBed();

  @AfterEach
  void close() {
    bed.close();
  }

  private String managedPolicy(String name) {
    return bed.admin()
        .createPolicy(p -> p.policyName(name).policyDocument(AwsTestBed.EC2_POLICY))
        .policy()
        .arn();
  }

  private void role(Map<String, String> fields) {
    bed.lessor.write("aws/roles/r", fields);
  }

  private String mint() {
    return bed.creds("r").lease().orElseThrow().id();
  }

  @Test
  void revoke_userAsMinted_deletesItWithoutListingWhatTheEngineNeverAdds() {
    String arn = managedPolicy("m");
    bed.admin().createGroup(g -> g.groupName("devs"));
    role(
        Map.of(
            "credential_type",
            "iam_user",
            "policy_document",
            AwsTestBed.EC2_POLICY,
            "policy_arns",
            arn,
            "iam_groups",
            "devs"));
    String id = mint();

    bed.lessor.leases().revoke(id);

    assertThat(bed.iam.users()).isEmpty();
    assertThat(bed.admin().getGroup(g -> g.groupName("devs")).users()).isEmpty();
    assertThat(bed.iam.callCount("DeleteUser")).isEqualTo(1);
    assertThat(bed.iam.callCount("ListUserPolicies")).isZero();
    assertThat(bed.iam.callCount("ListSSHPublicKeys")).isZero();
    assertThat(bed.iam.callCount("DeleteUserPolicy")).isEqualTo(1);
    assertThat(bed.iam.callCount("DetachUserPolicy")).isEqualTo(1);
    assertThat(bed.iam.callCount("RemoveUserFromGroup")).isEqualTo(1);
  }

  @Test
  void revoke_userGainedLoginProfileAndSshKey_deleteConflictThenSweepsAndDeletesTheUser() {
    role(Map.of("policy", AwsTestBed.EC2_POLICY));
    String id = mint();
    String user = bed.iam.users().get(0).name();
    bed.admin().createLoginProfile(p -> p.userName(user).password("Sup3r-secret-pw"));
    bed.admin().uploadSSHPublicKey(k -> k.userName(user).sshPublicKeyBody(SSH_KEY));

    bed.lessor.leases().revoke(id);

    assertThat(bed.iam.users()).isEmpty();
    assertThat(bed.lessor.leases().lookup(id)).isEmpty();
    // The first DeleteUser met the login profile (DeleteConflict); the second came after the sweep.
    assertThat(bed.iam.callCount("DeleteUser")).isEqualTo(2);
    assertThat(bed.iam.callCount("DeleteLoginProfile")).isEqualTo(1);
    assertThat(bed.iam.callCount("DeleteSSHPublicKey")).isEqualTo(1);
  }

  @Test
  void revoke_policyAttachedOutOfBand_sweepsItAndDeletesTheUser() {
    role(Map.of("policy", AwsTestBed.EC2_POLICY));
    String id = mint();
    String user = bed.iam.users().get(0).name();
    String extra = managedPolicy("extra");
    bed.admin().attachUserPolicy(p -> p.userName(user).policyArn(extra));
    bed.admin()
        .putUserPolicy(
            p -> p.userName(user).policyName("other").policyDocument(AwsTestBed.EC2_POLICY));

    bed.lessor.leases().revoke(id);

    assertThat(bed.iam.users()).isEmpty();
    assertThat(bed.iam.callCount("DeleteUser")).isEqualTo(2);
  }

  @Test
  void revoke_roleChangedAfterMint_deletesWhatTheUserWasGivenWithoutSweeping() {
    String before = managedPolicy("before");
    String after = managedPolicy("after");
    bed.admin().createGroup(g -> g.groupName("devs"));
    bed.admin().createGroup(g -> g.groupName("ops"));
    role(
        Map.of(
            "credential_type",
            "iam_user",
            "policy_document",
            AwsTestBed.EC2_POLICY,
            "policy_arns",
            before,
            "iam_groups",
            "devs"));
    String id = mint();
    role(Map.of("credential_type", "iam_user", "policy_arns", after, "iam_groups", "ops"));

    bed.lessor.leases().revoke(id);

    assertThat(bed.iam.users()).isEmpty();
    assertThat(bed.iam.callCount("DeleteUser")).isEqualTo(1);
  }

  @Test
  void revoke_roleDeletedAfterMint_deletesTheUser() {
    bed.admin().createGroup(g -> g.groupName("devs"));
    role(Map.of("policy", AwsTestBed.EC2_POLICY, "iam_groups", "devs"));
    String id = mint();
    bed.lessor.delete("aws/roles/r");

    bed.lessor.leases().revoke(id);

    assertThat(bed.iam.users()).isEmpty();
    assertThat(bed.iam.callCount("DeleteUser")).isEqualTo(1);
  }

  @Test
  void revoke_leaseIssuedBeforeAttachmentsWereRecorded_sweepsAndDeletesTheUser() {
    bed.admin().createUser(u -> u.userName("old-user").path("/lessor/aws/"));
    bed.admin()
        .putUserPolicy(
            p -> p.userName("old-user").policyName("r").policyDocument(AwsTestBed.EC2_POLICY));
    bed.admin().createAccessKey(k -> k.userName("old-user"));
    Instant issued = bed.clock.instant().minus(Duration.ofHours(1));
    LeaseRecord lease =
        LeaseRecord.builder()
            .id("aws/creds/r/old")
            .mount("aws/")
            .path("aws/creds/r")
            .state(LeaseState.ACTIVE)
            .issueTime(issued)
            .expireTime(issued.plus(Duration.ofHours(2)))
            .maxExpireTime(issued.plus(Duration.ofHours(2)))
            .renewable(true)
            .internal(
                Map.of(
                    LeaseData.TYPE, "iam_user",
                    LeaseData.USERNAME, "old-user",
                    LeaseData.ROLE, "r"))
            .dueTime(issued.plus(Duration.ofHours(2)))
            .build();

    bed.engine.revoke(lease);

    assertThat(bed.iam.user("old-user")).isEmpty();
    assertThat(bed.iam.callCount("ListUserPolicies")).isEqualTo(1);
    assertThat(bed.iam.callCount("ListSSHPublicKeys")).isEqualTo(1);
    assertThat(bed.iam.callCount("DeleteUser")).isEqualTo(1);
  }

  @Test
  void revoke_twice_secondFindsNothingAndSucceeds() {
    role(Map.of("policy", AwsTestBed.EC2_POLICY));
    String id = mint();
    String user = bed.iam.users().get(0).name();
    bed.lessor.leases().revoke(id);

    try (StepRunner steps = new StepRunner()) {
      IamUserDeleter deleter = new IamUserDeleter(bed.admin(), steps);
      assertThat(deleter.delete(user, new UserAttachments("r", List.of(), List.of()))).isFalse();
      assertThat(deleter.delete(user)).isFalse();
    }
  }
}
