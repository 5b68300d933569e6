package dev.lessor.aws;

import dev.lessor.InvalidRequestException;
import dev.lessor.Response;
import dev.lessor.spi.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.User;

/**
 * {@code tidy}: finds IAM users that no lease covers any more (the lease store was lost, a crash
 * came between CreateUser and the lease record, someone force-revoked a lease) and deletes them.
 *
 * <p>It lists the users under a user path ({@code user_path}, default the mount's own, such as
 * {@code /lessor/aws/}) and takes as orphans those older than {@code grace} (default 15 minutes, so
 * that a mint in progress is never touched) whose {@code lessor-lease-id} tag is missing or names a
 * lease that does not exist. Outside the mount's own path it only touches users tagged with this
 * mount. {@code dry_run=true} reports without deleting. Thread-safe.
 */
final class Tidy {
  static final Set<String> FIELDS = Set.of("dry_run", "grace", "user_path");
  static final Duration DEFAULT_GRACE = Duration.ofMinutes(15);

  private static final Logger log = LoggerFactory.getLogger(Tidy.class);

  private final MountState state;
  private final StepRunner steps;

  Tidy(MountState state, StepRunner steps) {
    this.state = state;
    this.steps = steps;
  }

  Response tidy(Request request) {
    Fields.requireKnown(request, FIELDS);
    boolean dryRun = request.bool("dry_run").orElse(false);
    Duration grace = request.duration("grace").orElse(DEFAULT_GRACE);
    String path = request.string("user_path").orElse(state.defaultUserPath());
    if (!path.startsWith("/") || !path.endsWith("/")) {
      throw new InvalidRequestException("user_path", "must start and end with /");
    }
    boolean ownPath = path.startsWith(state.defaultUserPath());
    IamClient iam = state.clients().iam();
    Instant cutoff = state.clock().instant().minus(grace);
    int scanned = 0;
    List<String> orphans = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    try {
      for (User user : iam.listUsersPaginator(r -> r.pathPrefix(path)).users()) {
        scanned++;
        if (user.createDate() != null && user.createDate().isAfter(cutoff)) {
          continue;
        }
        Map<String, String> tags = tags(iam, user.userName());
        if (!ownPath && !state.mountPath().equals(tags.get(IamTags.MOUNT))) {
          continue;
        }
        String leaseId = tags.get(IamTags.LEASE_ID);
        if (leaseId != null && state.leaseExists(leaseId)) {
          continue;
        }
        orphans.add(user.userName());
        if (!dryRun) {
          new IamUserDeleter(iam, steps).delete(user.userName());
          deleted.add(user.userName());
          log.info("tidy deleted orphaned IAM user {} (lease {})", user.userName(), leaseId);
        }
      }
    } catch (SdkException e) {
      throw AwsErrors.translate("tidy of " + path + " (deleted so far: " + deleted + ")", e);
    }
    return Response.builder()
        .put("user_path", path)
        .put("scanned", scanned)
        .put("orphans", List.copyOf(orphans))
        .put("deleted", List.copyOf(deleted))
        .put("dry_run", dryRun)
        .build();
  }

  private static Map<String, String> tags(IamClient iam, String userName) {
    return iam.listUserTagsPaginator(r -> r.userName(userName)).tags().stream()
        .collect(Collectors.toMap(t -> t.key(), t -> t.value(), (a, b) -> a));
  }
}
