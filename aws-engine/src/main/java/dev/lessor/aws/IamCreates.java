package dev.lessor.aws;

import dev.lessor.LessorException;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.CreateUserRequest;

/**
 * The two calls of a mint that are not idempotent, {@code CreateUser} and {@code CreateAccessKey},
 * made one attempt at a time instead of through the SDK's retries.
 *
 * <p>Why: when an answer is lost (the connection drops after IAM acted), the SDK sends the call
 * again and reports only the last attempt. A retried CreateUser then answers {@code
 * EntityAlreadyExists} or a throttling error for a user that exists, and a retried CreateAccessKey
 * leaves a key nobody holds (two lost answers and the user is at IAM's quota of two keys). Here
 * each attempt is seen: a CreateUser that may have been applied is never reported as refused, and
 * after a CreateAccessKey whose answer was lost the user's keys (none of which Lessor holds yet)
 * are deleted before the next attempt. Attempts are bounded by {@code max_retries} (the SDK's
 * default of three attempts when unset) and spaced by a short exponential backoff. Thread-safe.
 */
final class IamCreates {
  private static final Logger log = LoggerFactory.getLogger(IamCreates.class);
  private static final int DEFAULT_ATTEMPTS = 3;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  private static final String ENTITY_ALREADY_EXISTS = "EntityAlreadyExists";

  /** The request setting that turns the client's retries off for one call. */
  static final AwsRequestOverrideConfiguration ONE_ATTEMPT =
      AwsRequestOverrideConfiguration.builder()
          .addPlugin(
              c ->
                  c.overrideConfiguration(
                      c.overrideConfiguration().toBuilder()
                          .retryStrategy(AwsRetryStrategy.doNotRetry())
                          .build()))
          .build();

  private final IamClient iam;
  private final int attempts;
  private final IamRateGate.Sleeper sleeper;

  IamCreates(IamClient iam, int maxRetries, IamRateGate.Sleeper sleeper) {
    this.iam = iam;
    this.attempts = maxRetries >= 0 ? maxRetries + 1 : DEFAULT_ATTEMPTS;
    this.sleeper = sleeper;
  }

  /** A CreateUser that failed, and whether any of its attempts may have created the user. */
  static final class CreateUserFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient LessorException error;
    private final boolean mayExist;

    CreateUserFailed(LessorException error, boolean mayExist) {
      super(error.getMessage(), error, false, false);
      this.error = error;
      this.mayExist = mayExist;
    }

    LessorException error() {
      return error;
    }

    /** False only when IAM refused every attempt outright: no user of this lease exists. */
    boolean mayExist() {
      return mayExist;
    }
  }

  /**
   * Creates the user {@code userName} for lease {@code leaseId}; an {@code EntityAlreadyExists}
   * after an attempt whose answer was lost is success when the user carries the lease's tag.
   *
   * @throws CreateUserFailed when no attempt is known to have created the user
   */
  void createUser(String userName, String leaseId, Consumer<CreateUserRequest.Builder> request) {
    String what = "CreateUser " + userName + " for lease " + leaseId;
    boolean mayExist = false;
    for (int attempt = 1; ; attempt++) {
      try {
        iam.createUser(
            r -> request.accept(r.userName(userName).overrideConfiguration(ONE_ATTEMPT)));
        return;
      } catch (SdkException e) {
        LessorException error = AwsErrors.translate(what, e);
        if (ENTITY_ALREADY_EXISTS.equals(AwsErrors.code(e))) {
          if (mayExist && taggedFor(userName, leaseId)) {
            return; // our earlier attempt created it
          }
          // Without an earlier attempt, someone else's user; after one, perhaps ours unseen.
          throw new CreateUserFailed(error, mayExist);
        }
        mayExist |= AwsErrors.maybeApplied(e);
        if (!error.retryable() || attempt >= attempts) {
          throw new CreateUserFailed(error, mayExist);
        }
        log.debug("{} failed ({}), attempt {}; trying again", what, AwsErrors.code(e), attempt);
        backoff(attempt, what);
      }
    }
  }

  private boolean taggedFor(String userName, String leaseId) {
    try {
      return iam.listUserTags(r -> r.userName(userName)).tags().stream()
          .anyMatch(t -> t.key().equals(IamTags.LEASE_ID) && t.value().equals(leaseId));
    } catch (SdkException e) {
      return false; // cannot tell: the caller keeps the lease, and revocation deletes by name
    }
  }

  /**
   * Creates the access key of {@code userName}, a user of Lessor's that holds no key yet; after an
   * attempt whose answer was lost, deletes the keys it may have left before trying again.
   *
   * @throws SdkException when no attempt gave a key; a key may exist then, which revocation deletes
   */
  AccessKey createAccessKey(String userName, String what) {
    return createAccessKey(userName, what, () -> deleteUnheldKeys(userName, null));
  }

  /**
   * Creates an access key of {@code userName}; after an attempt whose answer was lost, runs {@code
   * cleanup} (which deletes the keys nobody holds) before trying again, and once more before giving
   * up.
   *
   * @throws SdkException when no attempt gave a key; if a key may still exist that nobody holds
   *     (the last cleanup failed too), the cleanup's failure is {@linkplain Throwable#getSuppressed
   *     suppressed} in it
   */
  AccessKey createAccessKey(String userName, String what, Runnable cleanup) {
    boolean unheldMayExist = false;
    for (int attempt = 1; ; attempt++) {
      try {
        if (unheldMayExist) {
          cleanup.run();
          unheldMayExist = false;
        }
        return iam.createAccessKey(r -> r.userName(userName).overrideConfiguration(ONE_ATTEMPT))
            .accessKey();
      } catch (SdkException e) {
        // A failed cleanup leaves the flag set; a create that may have acted sets it.
        unheldMayExist |= AwsErrors.maybeApplied(e);
        if (!AwsErrors.translate(what, e).retryable() || attempt >= attempts) {
          if (unheldMayExist) {
            try {
              cleanup.run();
            } catch (RuntimeException failure) {
              e.addSuppressed(failure);
            }
          }
          throw e;
        }
        log.debug("{} failed ({}), attempt {}; trying again", what, AwsErrors.code(e), attempt);
        backoff(attempt, what);
      }
    }
  }

  /**
   * Deletes every key of {@code userName} but {@code held} (null: every key): Lessor holds no other
   * until CreateAccessKey answers.
   */
  void deleteUnheldKeys(String userName, String held) {
    for (AccessKeyMetadata key :
        iam.listAccessKeysPaginator(r -> r.userName(userName)).accessKeyMetadata()) {
      if (key.accessKeyId().equals(held)) {
        continue;
      }
      try {
        iam.deleteAccessKey(r -> r.userName(userName).accessKeyId(key.accessKeyId()));
        log.debug(
            "deleted access key {} of {}, created by a lost attempt", key.accessKeyId(), userName);
      } catch (SdkException e) {
        if (!AwsErrors.isNoSuchEntity(e)) {
          throw e;
        }
      }
    }
  }

  private void backoff(int attempt, String what) {
    long millis = FIRST_BACKOFF.toMillis() << Math.min(attempt - 1, 16);
    Duration delay = Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LessorException("interrupted while retrying " + what, e);
    }
  }
}
