package dev.lessor.aws;

import dev.lessor.InvalidRequestException;
import dev.lessor.LessorException;
import dev.lessor.Response;
import dev.lessor.SecretValue;
import dev.lessor.UpstreamException;
import dev.lessor.engine.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * {@code config/rotate-root}, and the scheduled rotation: gives the root IAM user a new access key,
 * waits until it works, stores it, then deletes the old key. The old key must be the user's only
 * one (IAM allows two). Works on a client of its own built from the old config, so that requests
 * running meanwhile are not disturbed, and so that the old key is deleted with itself (a brand-new
 * key may not work for some seconds). Thread-safe; concurrent rotations of one mount are
 * serialised.
 */
final class RootRotator {
  private static final Logger log = LoggerFactory.getLogger(RootRotator.class);
  private static final String INVALID_KEY = "InvalidClientTokenId";

  /** How long a key nobody holds is looked for after its delete (IAM's lag is seconds). */
  static final Duration CLEANUP_WAIT = Duration.ofMinutes(2);

  private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

  private final MountState state;
  private final IamRateGate.Sleeper sleeper;
  private final RootRotationStore rotations;
  private final ReadinessProbe probe;

  RootRotator(MountState state, IamRateGate.Sleeper sleeper, RootRotationStore rotations) {
    this.state = state;
    this.sleeper = sleeper;
    this.rotations = rotations;
    this.probe = new ReadinessProbe(sleeper);
  }

  synchronized Response rotate(Request request) {
    Fields.requireKnown(request, Set.of());
    Response.Builder out = Response.builder();
    out.put("access_key", rotateNow(out::warning));
    return out.build();
  }

  /**
   * Rotates the root key: creates the new key, waits until STS accepts it, stores it, and only then
   * deletes the old key, so that a crash at any point leaves the stored config naming a key that
   * exists. The root user's keys are recorded before the create, and the rotation recorded as done
   * only after the old key is deleted, so that a key a crashed rotation left (its new key, or once
   * it stored that, the old one: nobody holds either) is deleted by the next one. Used by {@code
   * config/rotate-root} and by the scheduled rotation.
   *
   * @param warning takes what the caller should know although the rotation succeeded
   * @return the new access key id
   */
  synchronized String rotateNow(Consumer<String> warning) {
    RootConfig old = state.rootConfig();
    if (old.accessKey() == null) {
      throw new InvalidRequestException(
          "access_key", "rotate-root needs a static access_key in config/root");
    }
    Instant now = state.clock().instant();
    try (AwsClients clients = AwsClients.build(old)) {
      IamClient iam = clients.iam();
      String userName = call("GetUser", () -> iam.getUser().user().userName());
      List<String> before = keysBeforeCreate(iam, userName, old, now);
      AccessKey created = createKey(iam, userName, old);
      SecretValue secret = SecretValue.of(created.secretAccessKey());
      try {
        probe.await(
            clients.sts(),
            created.accessKeyId(),
            secret.reveal(),
            old.waitReadyTimeout(),
            "rotate-root: the new key of " + userName);
        state.putRootConfig(old.withKeys(created.accessKeyId(), secret));
      } catch (RuntimeException e) {
        deleteQuietly(iam, userName, created.accessKeyId());
        throw e;
      }
      boolean oldKeyLeft = false;
      try {
        iam.deleteAccessKey(r -> r.userName(userName).accessKeyId(old.accessKey()));
      } catch (SdkException e) {
        oldKeyLeft = !oldKeyGone(iam);
        if (oldKeyLeft) {
          warning.accept(
              "the new key is stored, but deleting the old key "
                  + old.accessKey()
                  + " failed ("
                  + AwsErrors.code(e)
                  + "): the next rotation deletes it, or delete it by hand");
        }
      }
      // Recorded as done only now: a process that dies before the old key is deleted leaves the
      // keys before it recorded (and the rotation due), so the next rotation deletes that key.
      // An old key that could not be deleted keeps them recorded, for the same clean-up: else the
      // user stays at IAM's two keys and every later CreateAccessKey fails with LimitExceeded.
      RootRotationStore.State done = rotations.state(now);
      rotations.putState(
          new RootRotationStore.State(
              state.clock().instant(), done.since(), oldKeyLeft ? done.keysBefore() : null));
      log.info(
          "rotated the root access key of mount {} ({} keys before)",
          state.mountPath(),
          before.size());
      return created.accessKeyId();
    }
  }

  /**
   * Deletes the keys a rotation that never finished left (its new key when it did not store it,
   * else the key it replaced: every key but the stored one), then records the user's keys before
   * this one's create.
   */
  private List<String> keysBeforeCreate(
      IamClient iam, String userName, RootConfig old, Instant now) {
    RootRotationStore.State last = rotations.state(now);
    List<String> listed = listKeys(iam, userName);
    if (last.keysBefore() != null) {
      // A stored key the user did not have before that rotation is the one it created: it died
      // after storing it, so the key it replaced (among those before) is held by nobody either.
      boolean storedItsKey = !last.keysBefore().contains(old.accessKey());
      for (String key : listed) {
        if (!key.equals(old.accessKey()) && (storedItsKey || !last.keysBefore().contains(key))) {
          log.warn(
              "rotate-root: deleting key {} of {}, left by a rotation that did not finish",
              key,
              userName);
          call("DeleteAccessKey", () -> deleteIfThere(iam, userName, key));
        }
      }
      listed = listKeys(iam, userName);
    }
    rotations.putState(new RootRotationStore.State(last.lastRotation(), last.since(), listed));
    return listed;
  }

  private static List<String> listKeys(IamClient iam, String userName) {
    return call(
        "ListAccessKeys",
        () ->
            iam.listAccessKeysPaginator(r -> r.userName(userName)).accessKeyMetadata().stream()
                .map(k -> k.accessKeyId())
                .toList());
  }

  private static Void deleteIfThere(IamClient iam, String userName, String key) {
    try {
      iam.deleteAccessKey(r -> r.userName(userName).accessKeyId(key));
    } catch (SdkException e) {
      if (!AwsErrors.isNoSuchEntity(e)) {
        throw e;
      }
    }
    return null;
  }

  /**
   * Creates the new root key. CreateAccessKey is not idempotent: a retry after a lost answer would
   * leave a key that nobody holds (and the root user at IAM's quota of two), so it is retried one
   * attempt at a time by {@link IamCreates}, which deletes every key but the old one after a lost
   * answer and before giving up. When even that fails, the error says so: nothing else would ever
   * delete that key.
   */
  private AccessKey createKey(IamClient iam, String userName, RootConfig old) {
    String what = "rotate-root: CreateAccessKey for " + userName;
    IamCreates creates = new IamCreates(iam, old.maxRetries(), sleeper);
    try {
      return creates.createAccessKey(
          userName, what, () -> deleteUnheldKeys(iam, creates, userName, old.accessKey()));
    } catch (SdkException e) {
      LessorException error = AwsErrors.translate(what, e);
      if (e.getSuppressed().length == 0) {
        throw error;
      }
      String cleanup = AwsErrors.code(e.getSuppressed()[0]);
      log.error(
          "rotate-root: a new access key of {} that nobody holds may exist; deleting it failed"
              + " ({}): delete every key of {} but {} by hand",
          userName,
          cleanup,
          userName,
          old.accessKey());
      throw new UpstreamException(
          error.getMessage()
              + "; a new access key that nobody holds may exist, and deleting it failed ("
              + cleanup
              + "): delete every key of "
              + userName
              + " but "
              + old.accessKey()
              + " by hand",
          error instanceof UpstreamException u ? u.errorCode() : "unknown",
          error.retryable(),
          error);
    }
  }

  /**
   * Deletes every key of {@code userName} but {@code held}, until IAM lists no other. A key created
   * moments ago may answer NoSuchEntity to its delete, and the user to its listing, while it exists
   * (IAM is eventually consistent): so look again, with growing pauses, for up to {@link
   * #CLEANUP_WAIT}.
   */
  private void deleteUnheldKeys(IamClient iam, IamCreates creates, String userName, String held) {
    Duration waited = Duration.ZERO;
    Duration pause = Duration.ofMillis(100);
    while (true) {
      SdkException failure = null;
      try {
        creates.deleteUnheldKeys(userName, held);
        boolean unheldLeft =
            iam.listAccessKeysPaginator(r -> r.userName(userName)).accessKeyMetadata().stream()
                .anyMatch(k -> !k.accessKeyId().equals(held));
        if (!unheldLeft) {
          return;
        }
      } catch (SdkException e) {
        if (!AwsErrors.isNoSuchEntity(e) && !AwsErrors.translate("", e).retryable()) {
          throw e;
        }
        failure = e;
      }
      if (waited.compareTo(CLEANUP_WAIT) >= 0) {
        throw failure != null
            ? failure
            : SdkClientException.create("a key of " + userName + " nobody holds is still listed");
      }
      try {
        sleeper.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw SdkClientException.create("interrupted deleting a key nobody holds", e);
      }
      waited = waited.plus(pause);
      pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
    }
  }

  /**
   * Whether the old key, which {@code iam} signs with, no longer works: a DeleteAccessKey whose
   * answer was lost, or whose retry was refused, may have deleted it. Only IAM refusing the key as
   * unknown proves that; any other answer leaves the warning to delete it by hand.
   */
  private static boolean oldKeyGone(IamClient iam) {
    try {
      iam.getUser();
      return false;
    } catch (SdkException e) {
      return INVALID_KEY.equals(AwsErrors.code(e));
    }
  }

  private static <T> T call(String what, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw AwsErrors.translate("rotate-root: " + what, e);
    }
  }

  private static void deleteQuietly(IamClient iam, String userName, String accessKeyId) {
    try {
      iam.deleteAccessKey(r -> r.userName(userName).accessKeyId(accessKeyId));
    } catch (SdkException e) {
      log.warn("rotate-root: could not delete the unused new key {}", accessKeyId);
    }
  }
}
