package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.InvalidRequestException;
import dev.lessor.Lease;
import dev.lessor.OperationNotSupportedException;
import dev.lessor.Response;
import dev.lessor.SecretValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** assumed_role and federation_token credentials against LocalIam's STS. */
class AwsStsIT {
  private static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
          + "\"Action\":\"sts:AssumeRole\"}]}";

  private final AwsTestBed bed = new AwsTestBed();

  @AfterEach
  void close() {
    bed.close();
  }

  private String createRole(String name) {
    return bed.admin()
        .createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST).maxSessionDuration(7200))
        .role()
        .arn();
  }

  @Test
  void readCreds_assumedRole_returnsSessionCredentialsThatWork() {
    String arn = createRole("deploy");
    bed.lessor.write(
        "aws/roles/deploy",
        Map.of(
            "credential_type", "assumed_role",
            "role_arns", arn,
            "default_sts_ttl", "30m",
            "max_sts_ttl", "2h",
            "session_tags", Map.of("team", "core"),
            "external_id", "ext-123",
            "policy_document", AwsTestBed.EC2_POLICY));

    Response r = bed.creds("deploy");

    assertThat(r.data())
        .containsOnlyKeys("access_key", "secret_key", "session_token", "security_token", "arn");
    assertThat(r.data().get("security_token")).isInstanceOf(SecretValue.class);
    assertThat(r.data().get("session_token")).isEqualTo(r.data().get("security_token"));
    assertThat(r.string("arn")).contains(":assumed-role/deploy/lessor-deploy-");
    Lease lease = r.lease().orElseThrow();
    assertThat(lease.ttl()).isEqualTo(Duration.ofMinutes(30));
    assertThat(lease.renewable()).isFalse();
    assertThat(bed.callerArn(r)).isEqualTo(r.string("arn"));
    assertThat(bed.iam.users()).isEmpty();
  }

  @Test
  void renew_stsLease_isRefused() {
    bed.lessor.write(
        "aws/roles/deploy",
        Map.of("credential_type", "assumed_role", "role_arns", createRole("deploy")));
    String id = bed.creds("deploy").lease().orElseThrow().id();

    assertThatThrownBy(() -> bed.lessor.leases().renew(id, Duration.ZERO))
        .isInstanceOf(OperationNotSupportedException.class)
        .hasMessageContaining(id);
  }

  @Test
  void revoke_stsLease_removesRecordOnlyAndCredentialLivesToItsExpiry() {
    bed.lessor.write(
        "aws/roles/deploy",
        Map.of("credential_type", "assumed_role", "role_arns", createRole("deploy")));
    Response r = bed.creds("deploy");

    bed.lessor.leases().revoke(r.lease().orElseThrow().id());

    assertThat(bed.lessor.leases().list("aws/")).isEmpty();
    assertThat(bed.authenticates(r)).isTrue();
    bed.clock.advance(Duration.ofHours(1).plusSeconds(1));
    assertThat(bed.authenticates(r)).isFalse();
  }

  @Test
  void readSts_severalRoleArns_requestChoosesOneOfThem() {
    String a = createRole("a");
    String b = createRole("b");
    bed.lessor.write(
        "aws/roles/multi", Map.of("credential_type", "assumed_role", "role_arns", List.of(a, b)));

    assertThatThrownBy(() -> bed.lessor.read("aws/sts/multi"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("role_arn: is required: role multi allows [" + a + ", " + b + "]");
    String other = "arn:aws:iam::123456789012:role/other";
    assertThatThrownBy(() -> bed.lessor.read("aws/sts/multi", Map.of("role_arn", other)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("role_arn: '" + other + "' is not one of role multi's role_arns");

    Response r =
        bed.lessor.write("aws/sts/multi", Map.of("role_arn", b, "role_session_name", "me.ci"));

    assertThat(r.string("arn")).endsWith(":assumed-role/b/me.ci");
    assertThat(r.lease().orElseThrow().id()).startsWith("aws/sts/multi/");
  }

  @Test
  void readCreds_stsTtlOutsideLimits_tooShortRejectedTooLongCapped() {
    bed.lessor.write(
        "aws/roles/deploy",
        Map.of(
            "credential_type", "assumed_role",
            "role_arns", createRole("deploy"),
            "max_sts_ttl", "1h"));

    assertThatThrownBy(() -> bed.lessor.read("aws/creds/deploy", Map.of("ttl", "10m")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("ttl: must be at least 15m for STS credentials");
    Response r = bed.lessor.read("aws/creds/deploy", Map.of("ttl", "3h"));

    assertThat(r.lease().orElseThrow().ttl()).isEqualTo(Duration.ofHours(1));
    assertThat(r.warnings())
        .containsExactly(
            "TTL of 3h exceeded the effective max_ttl of 1h; TTL value is capped accordingly");
    assertThat(bed.lessor.leases().list("aws/")).hasSize(1);
  }

  @Test
  void readSts_federationToken_returnsWorkingFederatedCredentials() {
    String managed =
        bed.admin()
            .createPolicy(p -> p.policyName("m").policyDocument(AwsTestBed.EC2_POLICY))
            .policy()
            .arn();
    bed.lessor.write(
        "aws/roles/fed",
        Map.of(
            "credential_type",
            "federation_token",
            "policy_document",
            AwsTestBed.EC2_POLICY,
            "policy_arns",
            managed,
            "default_sts_ttl",
            "20m"));

    Response r = bed.lessor.read("aws/sts/fed");

    assertThat(r.data())
        .containsOnlyKeys("access_key", "secret_key", "session_token", "security_token");
    assertThat(r.lease().orElseThrow().ttl()).isEqualTo(Duration.ofMinutes(20));
    assertThat(r.lease().orElseThrow().renewable()).isFalse();
    assertThat(bed.callerArn(r)).contains(":federated-user/lessor-fed-");
  }

  @Test
  void readSts_iamUserRole_isRejectedPointingToCreds() {
    bed.lessor.write("aws/roles/u", Map.of("policy", AwsTestBed.EC2_POLICY));

    assertThatThrownBy(() -> bed.lessor.read("aws/sts/u"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("name: role u issues iam_user credentials: read creds/u");
    assertThat(bed.lessor.leases().list("aws/")).isEmpty();
  }
}
