package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lessor.Response;
import dev.lessor.testing.Totp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No secret (the root secret key, a minted secret key, a session token) appears in any toString,
 * exception message or stack trace, or log line, across the whole flow including failures.
 */
class NoSecretLeakIT {
  private static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
          + "\"Action\":\"sts:AssumeRole\"}]}";

  @Test
  void wholeFlowWithFailures_printsNoSecretAnywhere() {
    List<String> secrets = new ArrayList<>();
    StringBuilder printed = new StringBuilder();
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    String wrongCode;
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    try (AwsTestBed bed = new AwsTestBed(b -> b, Map.of("max_retries", 0))) {
      secrets.add(bed.iam.adminSecretAccessKey());
      printed.append(bed.engine).append(bed.lessor);
      printed.append(bed.lessor.read("aws/config/root"));
      bed.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY));
      String roleArn =
          bed.admin()
              .createRole(r -> r.roleName("deploy").assumeRolePolicyDocument(TRUST))
              .role()
              .arn();
      bed.lessor.write(
          "aws/roles/sts", Map.of("credential_type", "assumed_role", "role_arns", roleArn));

      Response user = bed.creds("r");
      Response sts = bed.creds("sts");
      secrets.add(user.string("secret_key"));
      secrets.add(sts.string("secret_key"));
      secrets.add(sts.string("security_token"));
      printed.append(user).append(sts).append(user.data()).append(sts.data());
      printed.append(user.lease().orElseThrow()).append(bed.lessor.leases().list(""));

      wrongCode = sessionTokensWithMfaAndFallback(bed, secrets, printed);

      bed.iam.faults().fail("CreateAccessKey", 1, 500);
      printed.append(AwsTestBed.stackTrace(catchThrowable(() -> bed.creds("r"))));
      bed.iam.faults().throttle("DeleteUser", 1);
      printed.append(
          AwsTestBed.stackTrace(
              catchThrowable(() -> bed.lessor.leases().revoke(user.lease().orElseThrow().id()))));
      bed.expire(Duration.ofMinutes(10));
      printed.append(
          AwsTestBed.stackTrace(
              catchThrowable(
                  () ->
                      bed.lessor.write(
                          "aws/config/root",
                          Map.of(
                              "access_key",
                              "AKIAAAAAAAAAAAAAAAAA",
                              "secret_key",
                              secrets.get(0),
                              "region",
                              "not a region")))));
      printed.append(bed.lessor.write("aws/tidy", Map.of("grace", "0s")));
    } finally {
      System.setErr(originalErr);
    }
    String log = logs.toString(StandardCharsets.UTF_8);

    assertThat(log).contains("lease aws/creds/r/").contains("deleted IAM user");
    assertThat(secrets).hasSize(7).doesNotContainNull();
    for (String secret : secrets) {
      assertThat(printed.toString()).doesNotContain(secret);
      assertThat(log).doesNotContain(secret);
    }
    assertThat(printed.toString()).contains("MultiFactorAuthentication failed");
    assertThat(printed.toString() + log).doesNotContain(wrongCode).doesNotContain("TokenCode");
  }

  /**
   * Signs as an IAM user with an MFA device, mints a session_token credential with a code, then
   * fails one mint at every STS endpoint and one with a wrong code; returns the wrong code.
   */
  private static String sessionTokensWithMfaAndFallback(
      AwsTestBed bed, List<String> secrets, StringBuilder printed) {
    MfaUser operator =
        MfaUser.create(bed.admin(), "operator", bed.clock, () -> bed.clock.advance(Totp.STEP));
    secrets.add(operator.secretKey());
    Map<String, Object> root = new HashMap<>(bed.rootConfig());
    root.putAll(operator.rootKeys());
    root.put("max_retries", 0);
    root.put("sts_fallback_endpoints", "http://127.0.0.1:1");
    root.put("sts_fallback_regions", "us-west-2");
    printed.append(bed.lessor.write("aws/config/root", root));
    printed.append(bed.lessor.read("aws/config/root"));
    bed.lessor.write(
        "aws/roles/mfa",
        Map.of("credential_type", "session_token", "mfa_serial_number", operator.serial()));
    Response session =
        bed.lessor.read("aws/creds/mfa", Map.of("mfa_code", operator.code(bed.clock)));
    secrets.add(session.string("secret_key"));
    secrets.add(session.string("session_token"));
    printed.append(session).append(session.data()).append(bed.lessor.read("aws/roles/mfa"));
    bed.iam.faults().fail("GetSessionToken", 1, 503); // and the fallback refuses connections
    printed.append(
        AwsTestBed.stackTrace(
            catchThrowable(
                () ->
                    bed.lessor.read(
                        "aws/creds/mfa", Map.of("mfa_code", operator.code(bed.clock))))));
    String wrong = operator.code(bed.clock).equals("000000") ? "111111" : "000000";
    printed.append(
        AwsTestBed.stackTrace(
            catchThrowable(() -> bed.lessor.read("aws/creds/mfa", Map.of("mfa_code", wrong)))));
    return wrong;
  }
}
