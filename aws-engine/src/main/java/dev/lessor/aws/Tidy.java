package dev.lessor.aws;

import dev.lessor.InvalidRequestException;
import dev.lessor.LessorException;
import dev.lessor.Response;
import dev.lessor.engine.Request;
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
 * that a mint in progress is never touched) that carry this lease store's id in their {@code
 * lessor-store} tag and whose {@code lessor-lease-id} tag is missing or names a lease that does not
 * exist in this store. Users without the store tag (made by hand, or before Lessor tagged them) or
 * with another store's id (another deployment in the same account, with leases this store cannot
 * see) are left alone and counted as {@code skipped}. Outside the mount's own path it only touches
 * users tagged with this mount. A lease that cannot be read counts as existing. {@code
 * dry_run=true} reports without deleting. Thread-safe.
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
    int skipped = 0;
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
        if (!state.storeId().equals(tags.get(IamTags.STORE_ID))) {
          skipped++; // not ours: its lease, if any, is in a store we cannot see
          continue;
        }
        String leaseId = tags.get(IamTags.LEASE_ID);
        if (leaseId != null && leaseExists(leaseId)) {
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
        .put("skipped", skipped)
        .put("orphans", List.copyOf(orphans))
        .put("deleted", List.copyOf(deleted))
        .put("dry_run", dryRun)
        .build();
  }

  /** Whether the lease exists; one that exists but cannot be read is not an orphan either. */
  private boolean leaseExists(String leaseId) {
    try {
      return state.leaseExists(leaseId);
    } catch (LessorException e) {
      log.warn("tidy keeps the IAM user of lease {}: {}", leaseId, e.getMessage());
      return true;
    }
  }

  private static Map<String, String> tags(IamClient iam, String userName) {
    return iam.listUserTagsPaginator(r -> r.userName(userName)).tags().stream()
        .collect(Collectors.toMap(t -> t.key(), t -> t.value(), (a, b) -> a));
  }
}
