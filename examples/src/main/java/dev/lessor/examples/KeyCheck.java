package dev.lessor.examples;

import dev.lessor.Response;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * Asks STS who a credential belongs to ({@code aws sts get-caller-identity}), to show that a minted
 * key works and a revoked one does not. IAM is eventually consistent, so each check polls for a
 * bounded time until it sees the state it expects. Thread-safe.
 */
final class KeyCheck {
  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final Duration PAUSE = Duration.ofMillis(500);

  private final URI endpoint;
  private final Region region;

  /** {@code endpoint} null means the real AWS endpoint of {@code region}. */
  KeyCheck(URI endpoint, String region) {
    this.endpoint = endpoint;
    this.region = Region.of(region);
  }

  /** The caller ARN once STS accepts the credential, or the error code if it never does. */
  String awaitAccepted(Response creds) {
    return poll(creds, true);
  }

  /** The error code once STS refuses the credential, or the ARN if it never does. */
  String awaitRefused(Response creds) {
    return poll(creds, false);
  }

  private String poll(Response creds, boolean wantAccepted) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (true) {
      String result = identity(creds);
      boolean accepted = result.startsWith("arn:");
      if (accepted == wantAccepted || System.nanoTime() > deadline) {
        return result;
      }
      try {
        Thread.sleep(PAUSE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return result;
      }
    }
  }

  private String identity(Response creds) {
    String token = creds.string("security_token");
    AwsCredentials credentials =
        token == null
            ? AwsBasicCredentials.create(creds.string("access_key"), creds.string("secret_key"))
            : AwsSessionCredentials.create(
                creds.string("access_key"), creds.string("secret_key"), token);
    StsClientBuilder builder =
        StsClient.builder()
            .region(region)
            .credentialsProvider(StaticCredentialsProvider.create(credentials));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    try (StsClient sts = builder.build()) {
      return sts.getCallerIdentity().arn();
    } catch (AwsServiceException e) {
      return "refused: " + e.awsErrorDetails().errorCode();
    }
  }
}
