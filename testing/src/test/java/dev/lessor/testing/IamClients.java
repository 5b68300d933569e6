package dev.lessor.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.IamClientBuilder;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/** Real AWS SDK clients pointed at a {@link LocalIam}, without retries so faults show at once. */
final class IamClients {
  private IamClients() {}

  static IamClient iam(LocalIam iam) {
    return iam(iam, admin(iam));
  }

  static IamClient iam(LocalIam iam, String accessKeyId, String secretAccessKey) {
    return iam(iam, AwsBasicCredentials.create(accessKeyId, secretAccessKey));
  }

  static IamClient iam(LocalIam iam, AwsCredentials credentials) {
    return withoutRetries(pointedAt(IamClient.builder(), iam, credentials)).build();
  }

  /**
   * A builder for an IAM client signed with LocalIam's root key, with the SDK's default retries and
   * timeouts, for a test that changes them.
   */
  static IamClientBuilder adminIamBuilder(LocalIam iam) {
    return pointedAt(IamClient.builder(), iam, admin(iam));
  }

  static StsClient sts(LocalIam iam) {
    return sts(iam, admin(iam));
  }

  static StsClient sts(LocalIam iam, AwsCredentials credentials) {
    return withoutRetries(pointedAt(StsClient.builder(), iam, credentials)).build();
  }

  private static AwsCredentials admin(LocalIam iam) {
    return AwsBasicCredentials.create(iam.adminAccessKeyId(), iam.adminSecretAccessKey());
  }

  private static <B extends AwsClientBuilder<B, ?>> B pointedAt(
      B builder, LocalIam iam, AwsCredentials credentials) {
    return builder
        .endpointOverride(iam.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(credentials));
  }

  private static <B extends AwsClientBuilder<B, ?>> B withoutRetries(B builder) {
    return builder.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
  }

  static AwsSessionCredentials session(Credentials c) {
    return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
  }

  /** The AWS error code of {@code e}, which must be an {@link IamException}. */
  static String iamErrorCode(Throwable e) {
    return ((IamException) e).awsErrorDetails().errorCode();
  }

  /** The AWS error code of {@code e}, which must be an {@link StsException}. */
  static String stsErrorCode(Throwable e) {
    return ((StsException) e).awsErrorDetails().errorCode();
  }

  /** Polls {@code condition} until it holds or {@code timeout} passes; fails on timeout. */
  static void await(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.onSpinWait();
    }
  }
}
