package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lessor.Response;
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
import software.amazon.awssdk.services.iam.model.AccessKey;

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
      AccessKey root = rootUserWithKey(bed);
      secrets.add(root.secretAccessKey());
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
      Response user = bed.creds("user");
      Response expiring = bed.creds("user");
      Response assumed = bed.lessor.read("aws/sts/assumed");
      Response federated = bed.lessor.read("aws/sts/fed");
      bed.lessor.leases().revoke(user.lease().orElseThrow().id());
      bed.expire(Duration.ofDays(40)); // expiry revokes the other IAM user
      bed.lessor.write("aws/config/rotate-root", Map.of());
      bed.creds("user"); // signed with the rotated root key

      for (Response r : List.of(user, expiring, assumed, federated)) {
        secrets.add(r.string("secret_key"));
      }
      for (Response r : List.of(assumed, federated)) {
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
    assertThat(secrets).hasSize(8).doesNotContainNull().doesNotHaveDuplicates();
    for (String secret : secrets) {
      assertThat(log).doesNotContain(secret);
    }
    // The rotated root key is known only to the engine: no response body may be logged at all.
    assertThat(log).doesNotContain("SecretAccessKey>").doesNotContain("SessionToken>");
  }

  /** A root user with its own key, like a real config/root, so that rotate-root can replace it. */
  private static AccessKey rootUserWithKey(AwsTestBed bed) {
    bed.admin().createUser(u -> u.userName("lessor-root"));
    return bed.admin().createAccessKey(k -> k.userName("lessor-root")).accessKey();
  }

  private static Map<String, Object> rootConfig(AwsTestBed bed, AccessKey key) {
    Map<String, Object> root = new HashMap<>(bed.rootConfig());
    root.put("access_key", key.accessKeyId());
    root.put("secret_key", key.secretAccessKey());
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
