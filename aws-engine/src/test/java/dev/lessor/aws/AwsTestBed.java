package dev.lessor.aws;

import dev.lessor.Lessor;
import dev.lessor.LessorBuilder;
import dev.lessor.Response;
import dev.lessor.testing.LocalIam;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * A Lessor on a manual clock with the AWS engine mounted at {@code aws/} and configured against a
 * LocalIam that shares the clock. Revocations run on the test's thread when {@link #expire} moves
 * the clock. Sleeps of the engine (wait_ready polling) move the clock instead of waiting.
 */
final class AwsTestBed implements AutoCloseable {
  static final String EC2_POLICY =
      """
      {
        "Version": "2012-10-17",
        "Statement": [
          {"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}
        ]
      }
      """;

  final ManualClock clock = new ManualClock();
  final ManualScheduler scheduler = new ManualScheduler(clock);
  final LocalIam iam;
  final Lessor lessor;
  final AwsSecretsEngine engine;
  private final IamClient admin;

  AwsTestBed() {
    this(b -> b, Map.of());
  }

  AwsTestBed(
      java.util.function.UnaryOperator<LocalIam.Builder> iamSettings, Map<String, ?> rootConfig) {
    this(iamSettings, rootConfig, b -> b);
  }

  /** A bed whose Lessor has more settings, such as its maximum lease TTL. */
  AwsTestBed(
      java.util.function.UnaryOperator<LocalIam.Builder> iamSettings,
      Map<String, ?> rootConfig,
      java.util.function.UnaryOperator<LessorBuilder> lessorSettings) {
    iam = iamSettings.apply(LocalIam.builder().clock(clock)).start();
    lessor =
        lessorSettings
            .apply(
                Lessor.builder()
                    .clock(clock)
                    .scheduler(scheduler)
                    .revocationExecutor(Runnable::run))
            .build();
    engine = new AwsSecretsEngine(d -> clock.advance(d));
    lessor.mount("aws/", engine);
    Map<String, Object> config = new HashMap<>(rootConfig());
    config.putAll(rootConfig);
    lessor.write("aws/config/root", config);
    admin = adminClient(iam);
  }

  /** An IAM client signing with {@code iam}'s root key, for setting things up out of band. */
  static IamClient adminClient(LocalIam iam) {
    return IamClient.builder()
        .endpointOverride(iam.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(iam.adminAccessKeyId(), iam.adminSecretAccessKey())))
        .build();
  }

  /** The config/root of the seed flow against this LocalIam, with quick retries. */
  Map<String, Object> rootConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put("access_key", iam.adminAccessKeyId());
    config.put("secret_key", iam.adminSecretAccessKey());
    config.put("region", iam.region());
    config.put("iam_endpoint", iam.endpoint().toString());
    config.put("sts_endpoint", iam.endpoint().toString());
    return config;
  }

  /** An IAM client with LocalIam's root key, for setting things up out of band. */
  IamClient admin() {
    return admin;
  }

  Response creds(String role) {
    return lessor.read("aws/creds/" + role);
  }

  /** Whether STS accepts the credentials of {@code response} (GetCallerIdentity). */
  boolean authenticates(Response response) {
    return callerArn(response) != null;
  }

  /** The caller ARN that STS sees for these credentials, or null when it refuses them. */
  String callerArn(Response response) {
    return callerArn(iam, response);
  }

  /**
   * The caller ARN that {@code iam}'s STS sees for the credentials of {@code response}, or null.
   */
  static String callerArn(LocalIam iam, Response response) {
    String token = response.string("security_token");
    AwsCredentials credentials =
        token == null
            ? AwsBasicCredentials.create(
                response.string("access_key"), response.string("secret_key"))
            : AwsSessionCredentials.create(
                response.string("access_key"), response.string("secret_key"), token);
    try (StsClient sts =
        StsClient.builder()
            .endpointOverride(iam.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(credentials))
            .build()) {
      return sts.getCallerIdentity().arn();
    } catch (SdkException e) {
      return null;
    }
  }

  /**
   * {@code t} and its stack trace, causes included, as printed: to check that no secret is in it.
   */
  static String stackTrace(Throwable t) {
    if (t == null) {
      throw new AssertionError("expected a throwable, got none");
    }
    java.io.StringWriter out = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(out));
    return t + "\n" + out;
  }

  /** Moves the clock and runs the revocations that became due. */
  void expire(Duration duration) {
    clock.advance(duration);
    scheduler.runDue();
  }

  @Override
  public void close() {
    lessor.close();
    admin.close();
    iam.close();
  }
}
