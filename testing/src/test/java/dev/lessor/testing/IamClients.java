package dev.lessor.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** Real AWS SDK clients pointed at a {@link LocalIam}, without retries so faults show at once. */
final class IamClients {
  private IamClients() {}

  static IamClient iam(LocalIam iam) {
    return iam(iam, AwsBasicCredentials.create(iam.adminAccessKeyId(), iam.adminSecretAccessKey()));
  }

  static IamClient iam(LocalIam iam, String accessKeyId, String secretAccessKey) {
    return iam(iam, AwsBasicCredentials.create(accessKeyId, secretAccessKey));
  }

  static IamClient iam(LocalIam iam, AwsCredentials credentials) {
    return IamClient.builder()
        .endpointOverride(iam.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(credentials))
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  static StsClient sts(LocalIam iam) {
    return sts(iam, AwsBasicCredentials.create(iam.adminAccessKeyId(), iam.adminSecretAccessKey()));
  }

  static StsClient sts(LocalIam iam, AwsCredentials credentials) {
    return StsClient.builder()
        .endpointOverride(iam.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(credentials))
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  static AwsSessionCredentials session(Credentials c) {
    return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
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
