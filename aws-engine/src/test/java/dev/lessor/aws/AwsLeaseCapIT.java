package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.InvalidRequestException;
import dev.lessor.Lease;
import dev.lessor.Response;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * A TTL capped by the Lessor's maximum: the caller is told, and an STS session, which nothing can
 * end early, ends with its lease (LocalIam refuses it from the lease's expiry on).
 */
class AwsLeaseCapIT {
  private static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
          + "\"Action\":\"sts:AssumeRole\"}]}";

  private AwsTestBed bed;

  @AfterEach
  void close() {
    if (bed != null) {
      bed.close();
    }
  }

  private void start(Duration maxLeaseTtl) {
    bed =
        new AwsTestBed(
            b -> b,
            Map.of(),
            b ->
                b.maxLeaseTtl(maxLeaseTtl)
                    .defaultLeaseTtl(
                        maxLeaseTtl.compareTo(Duration.ofHours(1)) < 0
                            ? maxLeaseTtl
                            : Duration.ofHours(1)));
  }

  /** Root keys of an IAM user: STS caps federation tokens of the account's root at one hour. */
  private void useIamUserAsRoot() {
    bed.admin().createUser(r -> r.userName("lessor-root"));
    AccessKey key = bed.admin().createAccessKey(r -> r.userName("lessor-root")).accessKey();
    Map<String, Object> config = bed.rootConfig();
    config.put("access_key", key.accessKeyId());
    config.put("secret_key", key.secretAccessKey());
    bed.lessor.write("aws/config/root", config);
  }

  private static String capped(String asked, String max) {
    return "TTL of "
        + asked
        + " exceeded the effective max_ttl of "
        + max
        + "; TTL value is capped accordingly";
  }

  /** The credential works until just before its lease ends and no longer from then on. */
  private void assertEndsWithLease(Response r) {
    Lease lease = r.lease().orElseThrow();
    bed.clock.advance(Duration.between(bed.clock.instant(), lease.expireTime()).minusSeconds(1));
    assertThat(bed.authenticates(r)).isTrue();
    bed.clock.advance(Duration.ofSeconds(1));
    assertThat(bed.authenticates(r)).isFalse();
  }

  @Test
  void readSts_federationTokenTtlOverMaxLeaseTtl_sessionEndsWithCappedLease() {
    start(Duration.ofHours(24));
    useIamUserAsRoot();
    bed.lessor.write(
        "aws/roles/fed",
        Map.of("credential_type", "federation_token", "policy_document", AwsTestBed.EC2_POLICY));

    Response r = bed.lessor.read("aws/sts/fed", Map.of("ttl", "36h"));

    assertThat(r.lease().orElseThrow().ttl()).isEqualTo(Duration.ofHours(24));
    assertThat(r.warnings()).containsExactly(capped("36h", "24h"));
    assertEndsWithLease(r);
  }

  @Test
  void readCreds_assumedRoleTtlOverMaxLeaseTtl_sessionEndsWithCappedLease() {
    start(Duration.ofHours(1));
    String arn =
        bed.admin()
            .createRole(
                r -> r.roleName("deploy").assumeRolePolicyDocument(TRUST).maxSessionDuration(7200))
            .role()
            .arn();
    bed.lessor.write(
        "aws/roles/deploy", Map.of("credential_type", "assumed_role", "role_arns", arn));

    Response r = bed.lessor.read("aws/creds/deploy", Map.of("ttl", "2h"));

    assertThat(r.lease().orElseThrow().ttl()).isEqualTo(Duration.ofHours(1));
    assertThat(r.warnings()).containsExactly(capped("2h", "1h"));
    assertEndsWithLease(r);
  }

  @Test
  void readSts_maxLeaseTtlUnderStsMinimum_refusedNamingTtlAndLeavesNoLease() {
    start(Duration.ofMinutes(10));
    bed.lessor.write(
        "aws/roles/fed",
        Map.of("credential_type", "federation_token", "policy_document", AwsTestBed.EC2_POLICY));

    assertThatThrownBy(() -> bed.lessor.read("aws/sts/fed", Map.of("ttl", "20m")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("ttl"))
        .hasMessage(
            "ttl: is capped at 10m by the effective max_ttl (asked: 20m), under the 15m minimum"
                + " of STS credentials");
    assertThat(bed.iam.callCount("GetFederationToken")).isZero();
    assertThat(bed.lessor.leases().count()).isZero();
  }

  @Test
  void readCreds_iamUserTtlOverMaxLeaseTtl_warnsThatItWasCapped() {
    start(Duration.ofHours(24));
    bed.lessor.write("aws/roles/u", Map.of("policy", AwsTestBed.EC2_POLICY));

    Response r = bed.lessor.read("aws/creds/u", Map.of("ttl", "36h"));

    assertThat(r.lease().orElseThrow().ttl()).isEqualTo(Duration.ofHours(24));
    assertThat(r.warnings()).containsExactly(capped("36h", "24h"));
  }

  @Test
  void readCreds_iamUserTtlOverRoleMaxTtl_warnsThatItWasCapped() {
    start(Duration.ofHours(24));
    bed.lessor.write(
        "aws/roles/u", Map.of("policy", AwsTestBed.EC2_POLICY, "ttl", "30m", "max_ttl", "1h"));

    Response r = bed.lessor.read("aws/creds/u", Map.of("ttl", "3h"));

    assertThat(r.lease().orElseThrow().ttl()).isEqualTo(Duration.ofHours(1));
    assertThat(r.warnings()).containsExactly(capped("3h", "1h"));
    assertThat(bed.creds("u").warnings()).isEmpty();
  }
}
