package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.InvalidRequestException;
import dev.lessor.Lease;
import dev.lessor.OperationNotSupportedException;
import dev.lessor.Response;
import dev.lessor.UpstreamException;
import dev.lessor.testing.Totp;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * credential_type=session_token (STS GetSessionToken), and MFA codes on session_token and
 * assumed_role roles, against LocalIam's virtual MFA devices. The mount signs as an IAM user with
 * an enabled device, as MFA on GetSessionToken needs.
 */
class AwsSessionTokenIT {
  private static final String MFA_TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\","
          + "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}";

  private final AwsTestBed bed = new AwsTestBed(b -> b, Map.of("max_retries", 0));
  private MfaUser operator;

  @BeforeEach
  void signAsUserWithMfa() {
    operator =
        MfaUser.create(bed.admin(), "operator", bed.clock, () -> bed.clock.advance(Totp.STEP));
    Map<String, Object> root = new HashMap<>(bed.rootConfig());
    root.putAll(operator.rootKeys());
    root.put("max_retries", 0);
    bed.lessor.write("aws/config/root", root);
  }

  @AfterEach
  void close() {
    bed.close();
  }

  private void mfaRole() {
    bed.lessor.write(
        "aws/roles/mfa",
        Map.of(
            "credential_type", "session_token",
            "mfa_serial_number", operator.serial(),
            "default_sts_ttl", "2h",
            "max_sts_ttl", "36h"));
  }

  @Test
  void readCreds_sessionToken_returnsSessionOfTheRootPrincipalWithStsLease() {
    bed.lessor.write(
        "aws/roles/plain",
        Map.of("credential_type", "session_token", "default_sts_ttl", "3h", "max_sts_ttl", "36h"));

    Response r = bed.creds("plain");
    Response longest = bed.lessor.read("aws/sts/plain", Map.of("ttl", "36h"));

    assertThat(r.data())
        .containsOnlyKeys("access_key", "secret_key", "session_token", "security_token");
    assertThat(r.string("access_key")).startsWith("ASIA");
    assertThat(bed.callerArn(r)).isEqualTo(operator.arn());
    Lease lease = r.lease().orElseThrow();
    assertThat(lease.ttl()).isEqualTo(Duration.ofHours(3));
    assertThat(lease.renewable()).isFalse();
    assertThat(longest.lease().orElseThrow().ttl()).isEqualTo(Duration.ofHours(36));
    assertThat(bed.iam.sessions())
        .extracting(s -> s.expiration())
        .containsExactly(
            bed.clock.instant().plus(Duration.ofHours(3)),
            bed.clock.instant().plus(Duration.ofHours(36)));
    assertThat(bed.iam.users()).extracting(u -> u.name()).containsExactly("operator");
    assertThatThrownBy(() -> bed.lessor.leases().renew(lease.id(), Duration.ZERO))
        .isInstanceOf(OperationNotSupportedException.class);
  }

  @Test
  void readCreds_sessionTokenRole_leaseEndsAtExpiryWithNothingToRevoke() {
    bed.lessor.write("aws/roles/plain", Map.of("credential_type", "session_token"));
    Response r = bed.creds("plain");

    bed.expire(Duration.ofHours(1));

    assertThat(bed.lessor.leases().list("aws/")).isEmpty();
    assertThat(bed.authenticates(r)).isFalse(); // expired at STS, as the lease did
    assertThat(bed.iam.callCounts()).doesNotContainKeys("DeleteUser", "DeleteAccessKey");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "policy_document",
        "policy_arns",
        "role_arns",
        "session_tags",
        "external_id",
        "iam_groups",
        "user_path",
        "ttl",
        "policy"
      })
  void writeRole_sessionTokenWithPolicyOrUserField_isRefusedNamingIt(String field) {
    Map<String, Object> values =
        Map.of(
            "policy_document", AwsTestBed.EC2_POLICY,
            "policy", AwsTestBed.EC2_POLICY,
            "policy_arns", "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "role_arns", "arn:aws:iam::123456789012:role/x",
            "session_tags", "team=core",
            "external_id", "ext-123",
            "iam_groups", "devs",
            "user_path", "/x/",
            "ttl", "1h");

    assertThatThrownBy(
            () ->
                bed.lessor.write(
                    "aws/roles/s",
                    Map.of("credential_type", "session_token", field, values.get(field))))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining("does not apply to credential_type session_token");
    assertThat(bed.lessor.list("aws/roles/").data().get("keys")).asList().isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"14m", "37h"})
  void writeRole_sessionTokenTtlOutsideStsBounds_isRefused(String ttl) {
    assertThatThrownBy(
            () ->
                bed.lessor.write(
                    "aws/roles/s", Map.of("credential_type", "session_token", "max_sts_ttl", ttl)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("max_sts_ttl"))
        .hasMessageContaining("between 15m and 36h");
  }

  @ParameterizedTest
  @ValueSource(strings = {"arn:aws:iam::12345:mfa/x", "short", "arn:aws:iam::123456789012:user/x"})
  void writeRole_badMfaSerialNumber_isRefused(String serial) {
    assertThatThrownBy(
            () ->
                bed.lessor.write(
                    "aws/roles/s",
                    Map.of("credential_type", "session_token", "mfa_serial_number", serial)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("mfa_serial_number"))
        .hasMessageContaining("virtual MFA device ARN");
  }

  @ParameterizedTest
  @ValueSource(strings = {"iam_user", "federation_token"})
  void writeRole_mfaSerialNumberOnTypeWithoutMfa_isRefused(String type) {
    assertThatThrownBy(
            () ->
                bed.lessor.write(
                    "aws/roles/s",
                    Map.of(
                        "credential_type",
                        type,
                        "policy_document",
                        AwsTestBed.EC2_POLICY,
                        "mfa_serial_number",
                        operator.serial())))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("mfa_serial_number"))
        .hasMessageContaining("does not apply to credential_type " + type);
  }

  @Test
  void readCreds_mfaRoleWithCurrentCode_issuesSession() {
    mfaRole();
    assertThat(bed.lessor.read("aws/roles/mfa").data())
        .containsEntry("mfa_serial_number", operator.serial())
        .containsEntry("credential_type", "session_token");

    Response r = bed.lessor.read("aws/creds/mfa", Map.of("mfa_code", operator.code(bed.clock)));

    assertThat(bed.callerArn(r)).isEqualTo(operator.arn());
    assertThat(r.lease().orElseThrow().ttl()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void readCreds_mfaRoleWithoutCode_isRefusedBeforeAnyCall() {
    mfaRole();

    assertThatThrownBy(() -> bed.creds("mfa"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("mfa_code"))
        .hasMessageContaining("is required")
        .hasMessageContaining(operator.serial());
    assertThat(bed.iam.callCount("GetSessionToken")).isZero();
    assertThat(bed.lessor.leases().list("aws/")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"12345", "1234567", "12a456", ""})
  void readCreds_mfaCodeNotSixDigits_isRefusedWithoutEchoingIt(String code) {
    mfaRole();

    assertThatThrownBy(() -> bed.lessor.read("aws/creds/mfa", Map.of("mfa_code", code)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("mfa_code"))
        .hasMessageContaining("six digits")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("=" + code, "'" + code));
    assertThat(bed.iam.callCount("GetSessionToken")).isZero();
  }

  @Test
  void readCreds_mfaRoleWithWrongCode_isAccessDeniedWithoutTheCodeAndLeavesNoLease() {
    mfaRole();
    String stale = Totp.code(operator.seed(), bed.clock.instant().minus(Duration.ofMinutes(10)));

    assertThatThrownBy(() -> bed.lessor.read("aws/creds/mfa", Map.of("mfa_code", stale)))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("AccessDenied");
              assertThat(e.retryable()).isFalse();
            })
        .hasMessageStartingWith("GetSessionToken for lease aws/creds/mfa/")
        .hasMessageContaining("MultiFactorAuthentication failed")
        .hasMessageContaining("mfa_code must be the current code of device " + operator.serial())
        .satisfies(e -> assertThat(AwsTestBed.stackTrace(e)).doesNotContain(stale));
    assertThat(bed.lessor.leases().list("aws/")).isEmpty();
    assertThat(bed.iam.sessions()).isEmpty();
  }

  @Test
  void readCreds_mfaCodeOnRoleWithoutMfa_isRefused() {
    bed.lessor.write("aws/roles/plain", Map.of("credential_type", "session_token"));

    assertThatThrownBy(() -> bed.lessor.read("aws/creds/plain", Map.of("mfa_code", "123456")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("mfa_code"))
        .hasMessageContaining("sets no mfa_serial_number");
  }

  @Test
  void readCreds_assumedRoleWithMfa_forwardsCodeAndWrongCodeIsAccessDenied() {
    String arn =
        bed.admin()
            .createRole(r -> r.roleName("ops").assumeRolePolicyDocument(MFA_TRUST))
            .role()
            .arn();
    bed.lessor.write(
        "aws/roles/ops",
        Map.of(
            "credential_type",
            "assumed_role",
            "role_arns",
            arn,
            "mfa_serial_number",
            operator.serial()));

    Response r = bed.lessor.read("aws/creds/ops", Map.of("mfa_code", operator.code(bed.clock)));
    String wrong = operator.code(bed.clock).equals("000000") ? "111111" : "000000";

    assertThat(bed.callerArn(r)).contains(":assumed-role/ops/");
    assertThatThrownBy(() -> bed.lessor.read("aws/creds/ops", Map.of("mfa_code", wrong)))
        .isInstanceOfSatisfying(
            UpstreamException.class, e -> assertThat(e.errorCode()).isEqualTo("AccessDenied"))
        .hasMessageStartingWith("AssumeRole " + arn)
        .hasMessageContaining("requires MFA");
  }
}
