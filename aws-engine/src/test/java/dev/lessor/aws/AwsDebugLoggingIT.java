package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lessor.Response;
import dev.lessor.UpstreamException;
import dev.lessor.testing.Totp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * With every logger at TRACE, as a host debugging something might set it, no secret reaches a log:
 * not the root secret key, not a minted secret key or session token, not a rotated root key.
 *
 * <p>Runs in a JVM of its own (see the failsafe execution {@code debug-logging} in the pom), whose
 * SLF4J binding (slf4j-simple, on System.err) has every logger at TRACE from the start, so that
 * loggers created before the test cannot stay at a quieter level. java.util.logging (where the JDK
 * logs) is set to ALL here and captured too.
 */
class AwsDebugLoggingIT {
  private static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
          + "\"Action\":\"sts:AssumeRole\"}]}";

  @Test
  void everyLoggerAtTrace_mintsRevocationsAndRootRotation_logNoSecret() throws Exception {
    assumeTrue(
        "trace".equals(System.getProperty("org.slf4j.simpleLogger.defaultLogLevel")),
        "runs only in the pom's debug-logging execution, where every logger is at TRACE");
    assertThat(LoggerFactory.getLogger("org.apache.hc.client5.http.wire").isTraceEnabled())
        .as("this test runs with every SLF4J logger at TRACE (the pom's debug-logging execution)")
        .isTrue();
    assertThat(LoggerFactory.getLogger("software.amazon.awssdk.request").isTraceEnabled()).isTrue();
    List<String> secrets = new ArrayList<>();
    StringBuilder jul = new StringBuilder();
    ByteArrayOutputStream slf4j = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    Handler julCapture = null;
    try (AwsTestBed bed = new AwsTestBed()) {
      // Set up with the test's own admin client (whose wire log is not the engine's) first.
      MfaUser root =
          MfaUser.create(bed.admin(), "lessor-root", bed.clock, () -> bed.clock.advance(Totp.STEP));
      secrets.add(root.secretKey());
      secrets.add(bed.iam.adminSecretAccessKey());
      String roleArn =
          bed.admin()
              .createRole(r -> r.roleName("deploy").assumeRolePolicyDocument(TRUST))
              .role()
              .arn();
      julCapture = captureJavaUtilLogging(jul);
      System.setErr(new PrintStream(slf4j, true, StandardCharsets.UTF_8));

      bed.lessor.write("aws/config/root", rootConfig(bed, root));
      bed.lessor.write("aws/roles/user", Map.of("policy", AwsTestBed.EC2_POLICY));
      bed.lessor.write(
          "aws/roles/assumed", Map.of("credential_type", "assumed_role", "role_arns", roleArn));
      bed.lessor.write(
          "aws/roles/fed",
          Map.of("credential_type", "federation_token", "policy_document", AwsTestBed.EC2_POLICY));
      bed.lessor.write(
          "aws/roles/mfa",
          Map.of("credential_type", "session_token", "mfa_serial_number", root.serial()));
      Response session = bed.lessor.read("aws/creds/mfa", Map.of("mfa_code", root.code(bed.clock)));
      String wrong = root.code(bed.clock).equals("000000") ? "111111" : "000000";
      assertThat(catchThrowable(() -> bed.lessor.read("aws/creds/mfa", Map.of("mfa_code", wrong))))
          .isInstanceOf(UpstreamException.class);
      Response user = bed.creds("user");
      Response expiring = bed.creds("user");
      Response assumed = bed.lessor.read("aws/sts/assumed");
      Response federated = bed.lessor.read("aws/sts/fed");
      bed.lessor.leases().revoke(user.lease().orElseThrow().id());
      bed.expire(Duration.ofDays(40)); // expiry revokes the other IAM user
      bed.lessor.write("aws/config/rotate-root", Map.of());
      bed.creds("user"); // signed with the rotated root key

      for (Response r : List.of(user, expiring, assumed, federated, session)) {
        secrets.add(r.string("secret_key"));
      }
      for (Response r : List.of(assumed, federated, session)) {
        secrets.add(r.string("security_token"));
      }
      assertThat(bed.iam.users()).extracting(u -> u.name()).hasSize(2); // lessor-root, last mint
    } finally {
      System.setErr(originalErr);
      if (julCapture != null) {
        Logger.getLogger("").removeHandler(julCapture);
      }
    }
    String log = slf4j.toString(StandardCharsets.UTF_8) + jul;
    if (Boolean.getBoolean("lessor.test.printDebugLog")) {
      originalErr.println(log);
    }

    // The capture worked: the SDK's request logging and the engine's own DEBUG lines are there.
    assertThat(log).contains("software.amazon.awssdk.request").contains("deleted IAM user");
    assertThat(secrets).hasSize(10).doesNotContainNull().doesNotHaveDuplicates();
    for (String secret : secrets) {
      assertThat(log).doesNotContain(secret);
    }
    // The rotated root key is known only to the engine: no response body may be logged at all.
    assertThat(log).doesNotContain("SecretAccessKey>").doesNotContain("SessionToken>");
    // Nor a request body: MFA codes travel in it (TokenCode=...).
    assertThat(log).doesNotContain("TokenCode");
  }

  /**
   * The config of a root user with its own key (so that rotate-root can replace it) and an MFA
   * device (so that session_token roles can require codes).
   */
  private static Map<String, Object> rootConfig(AwsTestBed bed, MfaUser user) {
    Map<String, Object> root = new HashMap<>(bed.rootConfig());
    root.putAll(user.rootKeys());
    return root;
  }

  private static Handler captureJavaUtilLogging(StringBuilder out) {
    Logger root = LogManager.getLogManager().getLogger("");
    root.setLevel(Level.ALL);
    SimpleFormatter format = new SimpleFormatter();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            synchronized (out) {
              out.append(format.format(record));
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    for (String name : List.of("sun.net.www.protocol.http.HttpURLConnection", "jdk.httpclient")) {
      Logger.getLogger(name).setLevel(Level.ALL);
    }
    return handler;
  }
}
