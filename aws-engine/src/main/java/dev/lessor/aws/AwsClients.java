package dev.lessor.aws;

import dev.lessor.Ticker;
import dev.lessor.internal.RateLimiter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * The IAM and STS clients of one root config (the primary STS client and one per fallback
 * endpoint), on one {@link JdkHttpClient}. Built by {@link MountState}; closing it closes every
 * client, the HTTP client and the credentials provider. Thread-safe (the SDK clients are).
 */
final class AwsClients implements AutoCloseable {
  /** The longest a call waits for the mount's IAM rate limit before failing as retryable. */
  static final Duration MAX_RATE_WAIT = Duration.ofSeconds(30);

  private final IamClient iam;
  private final StsClient sts;
  private final List<StsClient> stsFallbacks;
  private final StsFailover stsFailover;
  private final AwsCredentialsProvider credentials;
  private final SdkHttpClient http;

  private AwsClients(
      IamClient iam,
      StsFailover stsFailover,
      List<StsFailover.Endpoint> stsEndpoints,
      AwsCredentialsProvider credentials,
      SdkHttpClient http) {
    this.iam = iam;
    this.sts = stsEndpoints.get(0).client();
    this.stsFallbacks =
        stsEndpoints.subList(1, stsEndpoints.size()).stream()
            .map(StsFailover.Endpoint::client)
            .toList();
    this.stsFailover = stsFailover;
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
    if (config.iamEndpoint() != null) {
      iam.endpointOverride(config.iamEndpoint());
    }
    StsRouting routing = config.stsRouting();
    Region stsRegion = routing.region() == null ? region : Region.of(routing.region());
    List<StsFailover.Endpoint> sts = new ArrayList<>();
    sts.add(
        new StsFailover.Endpoint(
            config.stsEndpoint() == null
                ? "primary (the SDK's endpoint for " + stsRegion.id() + ")"
                : "primary " + config.stsEndpoint(),
            sts(http, credentials, stsOverrides, stsRegion, config.stsEndpoint())));
    for (int i = 0; i < routing.fallbackEndpoints().size(); i++) {
      URI endpoint = routing.fallbackEndpoints().get(i);
      String fallbackRegion = routing.fallbackRegions().get(i);
      sts.add(
          new StsFailover.Endpoint(
              "fallback " + endpoint + " (" + fallbackRegion + ")",
              sts(http, credentials, stsOverrides, Region.of(fallbackRegion), endpoint)));
    }
    return new AwsClients(iam.build(), new StsFailover(sts), sts, credentials, http);
  }

  private static StsClient sts(
      SdkHttpClient http,
      AwsCredentialsProvider credentials,
      ClientOverrideConfiguration overrides,
      Region region,
      URI endpoint) {
    StsClientBuilder sts =
        StsClient.builder()
            .httpClient(http)
            .region(region)
            .credentialsProvider(credentials)
            .overrideConfiguration(overrides);
    if (endpoint != null) {
      sts.endpointOverride(endpoint);
    }
    return sts.build();
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

  /** The primary STS client: {@code sts_endpoint} in {@code sts_region} (or {@code region}). */
  StsClient sts() {
    return sts;
  }

  /** The primary STS client, then the fallbacks of {@code sts_fallback_endpoints}, in order. */
  StsFailover stsFailover() {
    return stsFailover;
  }

  /** What the clients sign with: the config's keys, or the SDK's default credentials chain. */
  AwsCredentialsProvider credentials() {
    return credentials;
  }

  @Override
  public void close() {
    iam.close();
    sts.close();
    stsFallbacks.forEach(StsClient::close);
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
