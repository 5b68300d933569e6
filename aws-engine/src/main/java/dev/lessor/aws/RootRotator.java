package dev.lessor.aws;

import dev.lessor.InvalidRequestException;
import dev.lessor.Response;
import dev.lessor.SecretValue;
import dev.lessor.spi.Request;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * {@code config/rotate-root}: gives the root IAM user a new access key, stores it, then deletes the
 * old key. The old key must be the user's only one (IAM allows two). Works on a client of its own
 * built from the old config, so that requests running meanwhile are not disturbed, and so that the
 * old key is deleted with itself (a brand-new key may not work for some seconds). Thread-safe;
 * concurrent rotations of one mount are serialised.
 */
final class RootRotator {
  private static final Logger log = LoggerFactory.getLogger(RootRotator.class);
  private static final String INVALID_KEY = "InvalidClientTokenId";

  private final MountState state;
  private final IamRateGate.Sleeper sleeper;

  RootRotator(MountState state, IamRateGate.Sleeper sleeper) {
    this.state = state;
    this.sleeper = sleeper;
  }

  synchronized Response rotate(Request request) {
    Fields.requireKnown(request, Set.of());
    RootConfig old = state.rootConfig();
    if (old.accessKey() == null) {
      throw new InvalidRequestException(
          "access_key", "rotate-root needs a static access_key in config/root");
    }
    try (AwsClients clients = AwsClients.build(old)) {
      IamClient iam = clients.iam();
      String userName = call("GetUser", () -> iam.getUser().user().userName());
      AccessKey created = createKey(iam, userName, old);
      try {
        state.putRootConfig(
            old.withKeys(created.accessKeyId(), SecretValue.of(created.secretAccessKey())));
      } catch (RuntimeException e) {
        deleteQuietly(iam, userName, created.accessKeyId());
        throw e;
      }
      Response.Builder out = Response.builder().put("access_key", created.accessKeyId());
      try {
        iam.deleteAccessKey(r -> r.userName(userName).accessKeyId(old.accessKey()));
      } catch (SdkException e) {
        if (!oldKeyGone(iam)) {
          out.warning(
              "the new key is stored, but deleting the old key "
                  + old.accessKey()
                  + " failed ("
                  + AwsErrors.code(e)
                  + "): delete it by hand");
        }
      }
      log.info("rotated the root access key of mount {}", state.mountPath());
      return out.build();
    }
  }

  /**
   * Creates the new root key. CreateAccessKey is not idempotent: a retry after a lost answer would
   * leave a key that nobody holds (and the root user at IAM's quota of two), so it is retried one
   * attempt at a time by {@link IamCreates}, which deletes every key but the old one after a lost
   * answer; when no attempt gave a key, the same is done before failing.
   */
  private AccessKey createKey(IamClient iam, String userName, RootConfig old) {
    String what = "rotate-root: CreateAccessKey for " + userName;
    IamCreates creates = new IamCreates(iam, old.maxRetries(), sleeper);
    try {
      return creates.createAccessKey(userName, old.accessKey(), what);
    } catch (SdkException e) {
      if (AwsErrors.maybeApplied(e)) {
        try {
          creates.deleteUnheldKeys(userName, old.accessKey());
        } catch (SdkException cleanup) {
          log.warn(
              "rotate-root: a new key of {} may exist that nobody holds; listing or deleting it"
                  + " failed ({}): delete every key but {} by hand",
              userName,
              AwsErrors.code(cleanup),
              old.accessKey());
        }
      }
      throw AwsErrors.translate(what, e);
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
