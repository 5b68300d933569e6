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

  private final MountState state;

  RootRotator(MountState state) {
    this.state = state;
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
      AccessKey created =
          call(
              "CreateAccessKey for " + userName,
              () -> iam.createAccessKey(r -> r.userName(userName)).accessKey());
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
        out.warning(
            "the new key is stored, but deleting the old key "
                + old.accessKey()
                + " failed ("
                + AwsErrors.code(e)
                + "): delete it by hand");
      }
      log.info("rotated the root access key of mount {}", state.mountPath());
      return out.build();
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
