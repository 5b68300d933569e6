package dev.lessor.aws;

import dev.lessor.RetryLaterException;
import dev.lessor.UpstreamException;
import dev.lessor.internal.Durations;
import dev.lessor.store.LeaseRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Revokes an IAM user lease by deleting the user and everything on it. Idempotent: a user that is
 * gone is success, except within {@link #CONSISTENCY_WINDOW} of the lease's issue, when IAM's
 * eventual consistency may hide a user that exists; then it throws {@link RetryLaterException} for
 * the end of the window, so the core looks again then instead of forgetting a live user (and
 * without using up a retry attempt). Thread-safe.
 */
final class IamUserRevoker {
  /** How long after creation IAM may still answer NoSuchEntity for a user that exists. */
  static final Duration CONSISTENCY_WINDOW = Duration.ofMinutes(5);

  private static final Logger log = LoggerFactory.getLogger(IamUserRevoker.class);

  private final MountState state;
  private final StepRunner steps;

  IamUserRevoker(MountState state, StepRunner steps) {
    this.state = state;
    this.steps = steps;
  }

  void revoke(LeaseRecord lease) {
    if ("true".equals(lease.internal().get(LeaseData.CLEANED))) {
      return;
    }
    String userName = lease.internal().get(LeaseData.USERNAME);
    if (userName == null) {
      throw UpstreamException.permanent(
          "lease " + lease.id() + " names no IAM user; cannot revoke it", "MissingUsername", null);
    }
    boolean deleted;
    try {
      IamUserDeleter deleter = new IamUserDeleter(state.clients().iam(), steps);
      Optional<UserAttachments> attached =
          UserAttachments.decode(lease.internal().get(LeaseData.ATTACHED));
      deleted =
          attached.isPresent()
              ? deleter.delete(userName, attached.get())
              : deleter.delete(userName);
    } catch (SdkException e) {
      throw AwsErrors.translate("revoking IAM user " + userName + " of lease " + lease.id(), e);
    }
    if (deleted) {
      log.debug("revoked lease {}: deleted IAM user {}", lease.id(), userName);
      return;
    }
    Instant visibleBy = lease.issueTime().plus(CONSISTENCY_WINDOW);
    if (visibleBy.isAfter(state.clock().instant())) {
      throw new RetryLaterException(
          "IAM answered NoSuchEntity for user "
              + userName
              + " of lease "
              + lease.id()
              + ": either it is not visible yet (IAM is eventually consistent for "
              + Durations.format(CONSISTENCY_WINDOW)
              + " after the lease's issue) or it never existed or was deleted already;"
              + " revocation looks again at "
              + visibleBy,
          visibleBy);
    }
    log.debug("revoked lease {}: IAM user {} was already gone", lease.id(), userName);
  }
}
