package dev.lessor.aws;

import dev.lessor.LessorException;
import dev.lessor.Response;
import dev.lessor.SecretValue;
import dev.lessor.engine.LeaseTerms;
import dev.lessor.engine.PendingLease;
import dev.lessor.engine.Request;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Mints an IAM user credential: records the pending lease (with the user name and what the user
 * will get, so that revocation knows what to delete), creates the user (path, permissions boundary
 * and tags in the same call), then puts the inline policy, attaches managed policies, adds group
 * memberships and creates the access key concurrently. Any failure deletes everything created
 * before the error is thrown. The lease is marked cleaned (nothing left to revoke) only when IAM
 * refused every CreateUser attempt outright, or confirmed the rollback's DeleteUser; otherwise it
 * stays, and revocation deletes the user by name. CreateUser and CreateAccessKey are not
 * idempotent, so they are retried by {@link IamCreates}, not by the SDK. Thread-safe.
 */
final class IamUserIssuer {
  private static final Logger log = LoggerFactory.getLogger(IamUserIssuer.class);

  private final MountState state;
  private final StepRunner steps;
  private final ReadinessProbe probe;
  private final IamRateGate.Sleeper sleeper;

  IamUserIssuer(
      MountState state, StepRunner steps, ReadinessProbe probe, IamRateGate.Sleeper sleeper) {
    this.state = state;
    this.steps = steps;
    this.probe = probe;
    this.sleeper = sleeper;
  }

  Response issue(Request request, RoleEntry role) {
    RootConfig root = state.rootConfig();
    Instant now = state.clock().instant();
    String userName =
        state
            .usernameTemplate()
            .render(role.name(), request.string("display_name").orElse(""), now, 64);
    boolean waitReady = request.bool("wait_ready").orElse(role.waitReady());
    LeaseTerms terms =
        IamUserTerms.of(role, state.leaseConfig(), request.duration("ttl").orElse(Duration.ZERO));
    UserAttachments attached = UserAttachments.of(role);
    Map<String, String> internal =
        Map.of(
            LeaseData.TYPE, CredentialType.IAM_USER.wireName(),
            LeaseData.USERNAME, userName,
            LeaseData.ROLE, role.name(),
            LeaseData.ATTACHED, attached.encode());
    // The core invariant: the lease is durable before anything exists in AWS.
    PendingLease lease = request.beginLease(terms, internal);
    AwsClients clients = state.clients();
    IamClient iam = clients.iam();
    IamCreates creates = new IamCreates(iam, root.maxRetries(), sleeper);
    createUser(creates, role, userName, lease, internal);
    try {
      AccessKey key = attachAndCreateKey(iam, creates, role, userName, lease.id());
      if (waitReady) {
        probe.await(
            clients.sts(),
            key.accessKeyId(),
            key.secretAccessKey(),
            root.waitReadyTimeout(),
            "wait_ready for lease " + lease.id());
      }
      log.debug("issued IAM user {} for lease {}", userName, lease.id());
      return Response.builder()
          .put("access_key", key.accessKeyId())
          .put("secret_key", SecretValue.of(key.secretAccessKey()))
          .put("session_token", null) // IAM user keys have no session token
          .put("security_token", null) // its old name, kept for existing callers
          .build();
    } catch (RuntimeException e) {
      throw rollback(iam, lease, internal, userName, attached, e);
    }
  }

  private void createUser(
      IamCreates creates,
      RoleEntry role,
      String userName,
      PendingLease lease,
      Map<String, String> internal) {
    List<Tag> tags = new ArrayList<>();
    role.iamTags().forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
    tags.add(Tag.builder().key(IamTags.LEASE_ID).value(lease.id()).build());
    tags.add(
        Tag.builder()
            .key(IamTags.EXPIRE_TIME)
            .value(lease.expireTime().truncatedTo(ChronoUnit.SECONDS).toString())
            .build());
    tags.add(Tag.builder().key(IamTags.MOUNT).value(state.mountPath()).build());
    tags.add(Tag.builder().key(IamTags.STORE_ID).value(state.storeId()).build());
    String path = role.userPath() != null ? role.userPath() : state.defaultUserPath();
    try {
      creates.createUser(
          userName,
          lease.id(),
          r -> r.path(path).permissionsBoundary(role.permissionsBoundaryArn()).tags(tags));
    } catch (IamCreates.CreateUserFailed e) {
      if (!e.mayExist()) {
        markCleaned(lease, internal); // IAM refused every attempt: no user of ours exists
      }
      // Otherwise the lease, which names the user, stays: revocation deletes it by name.
      throw e.error();
    }
  }

  private AccessKey attachAndCreateKey(
      IamClient iam, IamCreates creates, RoleEntry role, String userName, String leaseId) {
    String on = " on " + userName + " for lease " + leaseId;
    List<Callable<Object>> calls = new ArrayList<>();
    calls.add(
        step(
            "CreateAccessKey",
            on,
            () -> creates.createAccessKey(userName, "CreateAccessKey" + on)));
    if (role.policyDocument() != null) {
      calls.add(
          step(
              "PutUserPolicy",
              on,
              () ->
                  iam.putUserPolicy(
                      r ->
                          r.userName(userName)
                              .policyName(role.name())
                              .policyDocument(role.policyDocument()))));
    }
    for (String arn : role.policyArns()) {
      calls.add(
          step(
              "AttachUserPolicy " + arn,
              on,
              () -> iam.attachUserPolicy(r -> r.userName(userName).policyArn(arn))));
    }
    for (String group : role.iamGroups()) {
      calls.add(
          step(
              "AddUserToGroup " + group,
              on,
              () -> iam.addUserToGroup(r -> r.userName(userName).groupName(group))));
    }
    StepRunner.Outcome outcome = steps.runAll(calls);
    if (outcome.failed()) {
      RuntimeException first = asRuntime(outcome.failures().get(0));
      outcome.failures().stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
    return (AccessKey) outcome.results().get(0);
  }

  /** {@code call} as a step whose failure names {@code action} and {@code on}. */
  private static Callable<Object> step(String action, String on, Supplier<Object> call) {
    return () -> {
      try {
        return call.get();
      } catch (SdkException e) {
        throw AwsErrors.translate(action + on, e);
      }
    };
  }

  private static RuntimeException asRuntime(Throwable t) {
    return t instanceof RuntimeException r ? r : new IllegalStateException(t);
  }

  /** Deletes what was created and returns the error to throw. */
  private LessorException rollback(
      IamClient iam,
      PendingLease lease,
      Map<String, String> internal,
      String userName,
      UserAttachments attached,
      RuntimeException cause) {
    LessorException error = AwsErrors.translate("minting for lease " + lease.id(), cause);
    try {
      if (new IamUserDeleter(iam, steps).delete(userName, attached)) {
        markCleaned(lease, internal);
      } else {
        // NoSuchEntity so soon after CreateUser may hide a user that exists (IAM is eventually
        // consistent): only IAM confirming DeleteUser counts as undone; revocation looks again.
        log.debug(
            "rollback of lease {}: IAM does not show user {} yet; its revocation will retry",
            lease.id(),
            userName);
      }
    } catch (RuntimeException rollbackFailure) {
      // The core revokes the pending lease next and keeps retrying: nothing is lost.
      log.warn(
          "rollback of IAM user {} for lease {} failed ({}); its revocation will retry",
          userName,
          lease.id(),
          AwsErrors.code(rollbackFailure));
      error.addSuppressed(rollbackFailure);
    }
    return error;
  }

  private static void markCleaned(PendingLease lease, Map<String, String> internal) {
    try {
      lease.updateInternal(LeaseData.with(internal, LeaseData.CLEANED, "true"));
    } catch (RuntimeException e) {
      // Revocation then checks IAM itself, which is slower but just as safe.
      log.warn("could not record the cleanup of lease {}: {}", lease.id(), e.toString());
    }
  }
}
