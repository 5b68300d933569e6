package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.testing.LocalIam;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * A server that accepts the request and never answers must not hold a mint or a revocation forever:
 * the engine's HTTP client gives up after its response timeout (30 s in production, short here),
 * and the SDK sees a client error it may retry.
 */
class JdkHttpClientTimeoutIT {
  private final LocalIam iam = LocalIam.start();
  private final JdkHttpClient http =
      new JdkHttpClient(Duration.ofSeconds(20), Duration.ofSeconds(2));
  private final IamClient client =
      IamClient.builder()
          .httpClient(http)
          .endpointOverride(iam.endpoint())
          .region(Region.US_EAST_1)
          .credentialsProvider(
              StaticCredentialsProvider.create(
                  AwsBasicCredentials.create(iam.adminAccessKeyId(), iam.adminSecretAccessKey())))
          .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
          .build();

  @AfterEach
  void close() {
    client.close();
    iam.close();
  }

  @Test
  void call_serverSilentPastResponseTimeout_failsAsTimeoutWellBeforeTheAnswer() {
    iam.faults().latency("CreateUser", Duration.ofSeconds(120));
    long started = System.nanoTime();

    assertThatThrownBy(() -> client.createUser(r -> r.userName("slow")))
        .isInstanceOf(SdkClientException.class)
        // the JDK's own message for its response timeout: usually an HttpTimeoutException, but
        // when the timer fires mid-exchange on a loaded machine the JDK rethrows it as a plain
        // IOException with the same message
        .hasRootCauseMessage("request timed out");

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(40));
  }

  @Test
  void call_serverAnswers_succeedsWithTheSameClient() {
    assertThat(client.createUser(r -> r.userName("quick")).user().userName()).isEqualTo("quick");
  }
}
