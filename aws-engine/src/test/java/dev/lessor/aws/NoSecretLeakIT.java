package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lessor.Response;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
    assertThat(secrets).hasSize(4).doesNotContainNull();
    for (String secret : secrets) {
      assertThat(printed.toString()).doesNotContain(secret);
      assertThat(log).doesNotContain(secret);
    }
  }
}
