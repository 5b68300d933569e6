package dev.lessor.aws;

import dev.lessor.UpstreamException;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Waits until STS accepts a new IAM access key ({@code GetCallerIdentity}), because IAM keys take
 * seconds to work everywhere after {@code CreateAccessKey} returns and IAM has no call that says
 * when. Polls with growing pauses, within a bound on the total time waited; a poll whose answer is
 * lost counts as one that refused the key. Thread-safe.
 */
final class ReadinessProbe {
  private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(2);

  private final IamRateGate.Sleeper sleeper;

  ReadinessProbe(IamRateGate.Sleeper sleeper) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /**
   * Returns once STS accepts the key.
   *
   * @return how many calls it took
   * @throws UpstreamException (retryable) when the key is still refused after {@code timeout}
   */
  int await(StsClient sts, String accessKeyId, String secretKey, Duration timeout, String what) {
    StaticCredentialsProvider key =
        StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretKey));
    Duration waited = Duration.ZERO;
    Duration pause = FIRST_PAUSE;
    int calls = 0;
    while (true) {
      calls++;
      String lastCode;
      try {
        sts.getCallerIdentity(r -> r.overrideConfiguration(o -> o.credentialsProvider(key)));
        return calls;
      } catch (SdkException e) {
        // A refusal (InvalidClientTokenId while the key propagates) and a lost answer (a dropped
        // connection) both mean "not known to work yet": poll again, within the same bound.
        lastCode = AwsErrors.code(e);
      }
      if (waited.compareTo(timeout) >= 0) {
        throw new UpstreamException(
            what + ": STS still refused the new key after " + waited + " (" + lastCode + ")",
            lastCode,
            true,
            null);
      }
      Duration next = pause.compareTo(timeout.minus(waited)) > 0 ? timeout.minus(waited) : pause;
      try {
        sleeper.sleep(next);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UpstreamException(
            what + ": interrupted waiting for the key", "Interrupted", true, e);
      }
      waited = waited.plus(next);
      pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
    }
  }
}
