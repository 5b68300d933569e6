package dev.lessor.aws;

import dev.lessor.Ticker;
import dev.lessor.internal.RateLimiter;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.IamClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * The IAM and STS clients of one root config, on one {@link JdkHttpClient}. Built by {@link
 * ClientCache}; closing it closes both clients, the HTTP client and the credentials provider.
 * Thread-safe (the SDK clients are).
 */
final class AwsClients implements AutoCloseable {
  /** The longest a call waits for the mount's IAM rate limit before failing as retryable. */
  static final Duration MAX_RATE_WAIT = Duration.ofSeconds(30);

  private final IamClient iam;
  private final StsClient sts;
  private final AwsCredentialsProvider credentials;
  private final SdkHttpClient http;

  private AwsClients(
      IamClient iam, StsClient sts, AwsCredentialsProvider credentials, SdkHttpClient http) {
    this.iam = iam;
    this.sts = sts;
    this.credentials = credentials;
    this.http = http;
  }

  static AwsClients build(RootConfig config) {
    AwsCredentialsProvider credentials =
        config.accessKey() != null
            ? StaticCredentialsProvider.create(
                AwsBasicCredentials.create(config.accessKey(), config.secretKey().reveal()))
            : DefaultCredentialsProvider.builder().build();
    Region region = region(config);
    ClientOverrideConfiguration.Builder overrides = ClientOverrideConfiguration.builder();
    if (config.maxRetries() >= 0) {
      overrides.retryStrategy(
          AwsRetryStrategy.standardRetryStrategy().toBuilder()
              .maxAttempts(config.maxRetries() + 1)
              .build());
    }
    ClientOverrideConfiguration stsOverrides = overrides.build();
    if (config.iamRateLimit() > 0) {
      RateLimiter limiter = RateLimiter.perSecond(config.iamRateLimit(), Ticker.system());
      overrides.addExecutionInterceptor(
          new IamRateGate(limiter, IamRateGate.Sleeper.system(), MAX_RATE_WAIT));
    }
    // Never the SDK's default HTTP client: see JdkHttpClient for why (secrets on wire logs).
    SdkHttpClient http = new JdkHttpClient();
    IamClientBuilder iam =
        IamClient.builder()
            .httpClient(http)
            .region(region)
            .credentialsProvider(credentials)
            .overrideConfiguration(overrides.build());
    StsClientBuilder sts =
        StsClient.builder()
            .httpClient(http)
            .region(region)
            .credentialsProvider(credentials)
            .overrideConfiguration(stsOverrides);
    if (config.iamEndpoint() != null) {
      iam.endpointOverride(config.iamEndpoint());
    }
    if (config.stsEndpoint() != null) {
      sts.endpointOverride(config.stsEndpoint());
    }
    return new AwsClients(iam.build(), sts.build(), credentials, http);
  }

  private static Region region(RootConfig config) {
    if (config.region() != null) {
      return Region.of(config.region());
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (RuntimeException e) {
      return Region.US_EAST_1;
    }
  }

  IamClient iam() {
    return iam;
  }

  StsClient sts() {
    return sts;
  }

  /** What the clients sign with: the config's keys, or the SDK's default credentials chain. */
  AwsCredentialsProvider credentials() {
    return credentials;
  }

  @Override
  public void close() {
    iam.close();
    sts.close();
    http.close(); // the SDK closes only the HTTP clients it made itself
    if (credentials instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Closing a credentials provider releases threads at most; nothing to act on.
      }
    }
  }
}
