package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.Lease;
import dev.lessor.NotFoundException;
import dev.lessor.Response;
import dev.lessor.SecretValue;
import dev.lessor.testing.LocalIam;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The seed flow end to end over HTTP against LocalIam, with the real AWS SDK. */
class AwsSeedFlowIT {
  private final AwsTestBed bed = new AwsTestBed();

  @AfterEach
  void close() {
    bed.close();
  }

  private Response seed() {
    bed.lessor.write("aws/roles/my-role", Map.of("policy", AwsTestBed.EC2_POLICY));
    return bed.creds("my-role");
  }

  @Test
  void readCreds_seedRole_returnsIamUserKeyUnderA768hRenewableLease() {
    Response r = seed();

    assertThat(r.data())
        .containsOnlyKeys("access_key", "secret_key", "session_token", "security_token");
    assertThat(r.data().get("secret_key")).isInstanceOf(SecretValue.class);
    assertThat(r.data().get("security_token")).isNull();
    Lease lease = r.lease().orElseThrow();
    assertThat(lease.id()).startsWith("aws/creds/my-role/");
    assertThat(lease.ttl()).isEqualTo(Duration.ofHours(768));
    assertThat(lease.renewable()).isTrue();
    assertThat(bed.authenticates(r)).isTrue();
  }

  @Test
  void readCreds_seedRole_createsTaggedUserWithInlinePolicyUnderMountPath() {
    Response r = seed();
    String leaseId = r.lease().orElseThrow().id();

    LocalIam.User user = bed.iam.users().get(0);
    assertThat(bed.iam.users()).hasSize(1);
    assertThat(user.name()).startsWith("lessor-my-role-").hasSizeLessThanOrEqualTo(64);
    assertThat(user.path()).isEqualTo("/lessor/aws/");
    assertThat(user.inlinePolicies()).containsOnlyKeys("my-role");
    assertThat(user.inlinePolicies().get("my-role")).contains("ec2:*");
    assertThat(user.accessKeys())
        .extracting(LocalIam.AccessKeyView::id)
        .containsExactly(r.string("access_key"));
    assertThat(user.tags())
        .containsEntry(IamTags.LEASE_ID, leaseId)
        .containsEntry(IamTags.MOUNT, "aws/")
        .containsKey(IamTags.EXPIRE_TIME);
    assertThat(bed.callerArn(r)).endsWith(":user/lessor/aws/" + user.name());
  }

  @Test
  void readCreds_twice_givesTwoUsersWithDifferentKeys() {
    Response first = seed();
    Response second = bed.creds("my-role");

    assertThat(first.string("access_key")).isNotEqualTo(second.string("access_key"));
    assertThat(first.string("secret_key")).isNotEqualTo(second.string("secret_key"));
    assertThat(bed.iam.users()).hasSize(2);
    assertThat(bed.lessor.leases().list("aws/creds/my-role/")).hasSize(2);
  }

  @Test
  void revoke_issuedLease_deletesUserAndKeyStopsWorking() {
    Response r = seed();
    assertThat(bed.authenticates(r)).isTrue();

    bed.lessor.leases().revoke(r.lease().orElseThrow().id());

    assertThat(bed.iam.users()).isEmpty();
    assertThat(bed.authenticates(r)).isFalse();
    assertThat(bed.lessor.leases().list("aws/")).isEmpty();
  }

  @Test
  void expiry_leaseTtlPasses_userIsDeletedAutomatically() {
    bed.lessor.write("aws/roles/short", Map.of("policy", AwsTestBed.EC2_POLICY, "ttl", "1h"));
    Response r = bed.creds("short");
    assertThat(r.lease().orElseThrow().ttl()).isEqualTo(Duration.ofHours(1));

    bed.expire(Duration.ofMinutes(59));
    assertThat(bed.authenticates(r)).isTrue();
    bed.expire(Duration.ofMinutes(2));

    assertThat(bed.iam.users()).isEmpty();
    assertThat(bed.authenticates(r)).isFalse();
    assertThat(bed.lessor.leases().lookup(r.lease().orElseThrow().id())).isEmpty();
  }

  @Test
  void renew_iamUserLease_extendsByRoleTtlUpToMaxTtl() {
    bed.lessor.write(
        "aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY, "ttl", "1h", "max_ttl", "3h"));
    String id = bed.creds("r").lease().orElseThrow().id();

    bed.clock.advance(Duration.ofMinutes(30));
    Lease renewed = bed.lessor.leases().renew(id, Duration.ZERO);
    assertThat(renewed.expireTime()).isEqualTo(bed.clock.instant().plus(Duration.ofHours(1)));

    bed.clock.advance(Duration.ofMinutes(50));
    bed.lessor.leases().renew(id, Duration.ZERO);
    bed.clock.advance(Duration.ofMinutes(50));
    Lease capped = bed.lessor.leases().renew(id, Duration.ofHours(5));
    assertThat(capped.expireTime()).isEqualTo(capped.issueTime().plus(Duration.ofHours(3)));
  }

  @Test
  void renew_roleDeletedMeanwhile_usesConfigLease() {
    bed.lessor.write("aws/config/lease", Map.of("lease", "2h", "lease_max", "10h"));
    bed.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY));
    Response r = bed.creds("r");
    assertThat(r.lease().orElseThrow().ttl()).isEqualTo(Duration.ofHours(2));
    bed.lessor.delete("aws/roles/r");

    Lease renewed = bed.lessor.leases().renew(r.lease().orElseThrow().id(), Duration.ZERO);

    assertThat(renewed.ttl()).isEqualTo(Duration.ofHours(2));
    assertThat(renewed.maxExpireTime()).isEqualTo(renewed.issueTime().plus(Duration.ofHours(10)));
    assertThat(bed.authenticates(r)).isTrue();
  }

  @Test
  void revokePrefix_twoLeases_deletesBothUsers() {
    seed();
    bed.creds("my-role");

    assertThat(bed.lessor.leases().revokePrefix("aws/creds/my-role/")).isEqualTo(2);

    assertThat(bed.iam.users()).isEmpty();
  }

  @Test
  void deleteRole_withLiveLease_keepsLeaseAndUser() {
    Response r = seed();

    bed.lessor.delete("aws/roles/my-role");

    assertThat(bed.lessor.leases().lookup(r.lease().orElseThrow().id())).isPresent();
    assertThat(bed.authenticates(r)).isTrue();
    assertThatThrownBy(() -> bed.creds("my-role"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no role 'my-role' at aws/roles/");
  }
}
