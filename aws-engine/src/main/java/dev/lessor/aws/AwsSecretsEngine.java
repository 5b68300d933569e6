package dev.lessor.aws;

import dev.lessor.OperationNotSupportedException;
import dev.lessor.engine.LeaseTerms;
import dev.lessor.engine.MountContext;
import dev.lessor.engine.PathRouter;
import dev.lessor.engine.SecretsEngine;
import dev.lessor.store.LeaseRecord;
import dev.lessor.store.ScheduledTask;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The AWS secrets engine: IAM users and STS credentials on demand, each under a lease.
 *
 * <pre>{@code
 * lessor.mount("aws/", new AwsSecretsEngine());
 * lessor.write("aws/config/root", Map.of("access_key", id, "secret_key", secret,
 *     "region", "us-east-1"));
 * lessor.write("aws/roles/my-role", Map.of("policy", policyJson));
 * Response creds = lessor.read("aws/creds/my-role");  // access_key, secret_key, security_token
 * lessor.leases().revoke(creds.lease().orElseThrow().id()); // the IAM user is deleted
 * }</pre>
 *
 * <p>Paths: {@code config/root} (READ, WRITE; READ never returns the secret key), {@code
 * config/rotate-root} (WRITE), {@code config/lease} (READ, WRITE), {@code roles/{name}} (READ,
 * WRITE, DELETE), {@code roles/} (LIST), {@code creds/{name}} and {@code sts/{name}} (READ, WRITE),
 * {@code tidy} (WRITE), {@code static-roles/{name}} (READ, WRITE, DELETE), {@code static-roles/}
 * (LIST), {@code static-creds/{name}} (READ). The README lists every parameter.
 *
 * <p>Credential types:
 *
 * <ul>
 *   <li>{@code iam_user}: a new IAM user with an access key per read. Renewable (role {@code
 *       ttl}/{@code max_ttl}, then {@code config/lease}, then the mount's defaults); revocation
 *       deletes the user and everything attached to it.
 *   <li>{@code assumed_role}, {@code federation_token}, {@code session_token}: STS credentials with
 *       a session token. Not renewable. Revoking such a lease only removes its record: AWS cannot
 *       end an STS session early, so the credential keeps working until its own expiry, which is
 *       the lease's TTL. A {@code session_token} role (GetSessionToken of the root credentials'
 *       principal) takes no policy. A {@code session_token} or {@code assumed_role} role with
 *       {@code mfa_serial_number} needs {@code mfa_code} (the device's current six digits) on every
 *       read.
 * </ul>
 *
 * <p>STS calls go to {@code sts_endpoint} in {@code sts_region}, then to {@code
 * sts_fallback_endpoints} in order when an endpoint refuses connections or answers 5xx.
 *
 * <p>Without {@code access_key} in {@code config/root}, the engine signs with the AWS SDK's default
 * credentials chain (environment, system properties, web identity, profile, container or instance
 * metadata), and says so once per mount at INFO; a read that finds no credentials there fails
 * before recording a lease, with an error that is not retryable.
 *
 * <p>Thread-safe. Mount an instance once; closing it (which the Lessor does on unmount and on
 * close) closes its AWS clients and stops its threads.
 */
public final class AwsSecretsEngine implements SecretsEngine {
  private final StepRunner steps = new StepRunner();
  private final IamRateGate.Sleeper sleeper;
  private volatile MountState state;
  private volatile IamUserRevoker revoker;
  private volatile StaticRotation staticRotation;
  private volatile ScheduledRootRotation rootRotation;

  /** An engine with no configuration yet: write {@code config/root} after mounting it. */
  public AwsSecretsEngine() {
    this(IamRateGate.Sleeper.system());
  }

  /** For tests: {@code sleeper} does the waiting of {@code wait_ready} polling. */
  AwsSecretsEngine(IamRateGate.Sleeper sleeper) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  @Override
  public PathRouter mount(MountContext context) {
    Objects.requireNonNull(context, "context");
    synchronized (this) {
      if (state != null) {
        throw new IllegalStateException(
            "this AwsSecretsEngine is mounted at " + state.mountPath() + " already");
      }
      state = new MountState(context);
      revoker = new IamUserRevoker(state, steps);
    }
    MountState s = state;
    RootRotationStore rotations = new RootRotationStore(s.storage());
    RootRotator rotator = new RootRotator(s, sleeper, rotations);
    rootRotation = new ScheduledRootRotation(s, rotations, rotator);
    ConfigHandlers config = new ConfigHandlers(s, rotations, rootRotation);
    RoleHandlers roles = new RoleHandlers(s);
    CredsHandlers creds =
        new CredsHandlers(
            roles,
            new IamUserIssuer(s, steps, new ReadinessProbe(sleeper), sleeper),
            new StsIssuer(s),
            new RootCredentials(s));
    Tidy tidy = new Tidy(s, steps);
    StaticRoleStore staticRoles = new StaticRoleStore(s.storage());
    StaticRoleHandlers statics = new StaticRoleHandlers(s, staticRoles);
    staticRotation = new StaticRotation(s, staticRoles, new ReadinessProbe(sleeper), sleeper);
    return PathRouter.builder()
        .read("config/root", config::readRoot)
        .write("config/root", config::writeRoot)
        .write("config/rotate-root", rotator::rotate)
        .read("config/lease", config::readLease)
        .write("config/lease", config::writeLease)
        .read("roles/{name}", roles::read)
        .write("roles/{name}", roles::write)
        .delete("roles/{name}", roles::delete)
        .list("roles/", roles::list)
        .read("creds/{name}", creds::creds)
        .write("creds/{name}", creds::creds)
        .read("sts/{name}", creds::sts)
        .write("sts/{name}", creds::sts)
        .write("tidy", tidy::tidy)
        .read("static-roles/{name}", statics::read)
        .write("static-roles/{name}", statics::write)
        .delete("static-roles/{name}", statics::delete)
        .list("static-roles/", statics::list)
        .read("static-creds/{name}", statics::creds)
        .build();
  }

  /** {@code aws}: the type recorded with every lease this engine issues. */
  @Override
  public String type() {
    return "aws";
  }

  /**
   * Deletes the IAM user of an {@code iam_user} lease with everything on it. For STS leases it does
   * nothing: their credentials end at their own expiry.
   */
  @Override
  public void revoke(LeaseRecord lease) {
    Objects.requireNonNull(lease, "lease");
    if (isSts(lease)) {
      return;
    }
    mounted().revoke(lease);
  }

  /**
   * {@code IAM user <name>} for an {@code iam_user} lease; for STS leases, that the session ends by
   * itself at the lease's expiry.
   */
  @Override
  public String describe(LeaseRecord lease) {
    Objects.requireNonNull(lease, "lease");
    if (isSts(lease)) {
      return "nothing (its STS session ends by itself at " + lease.expireTime() + ")";
    }
    return "IAM user " + lease.internal().getOrDefault(LeaseData.USERNAME, "(not recorded)");
  }

  /**
   * Renews an {@code iam_user} lease with the role's terms (or {@code config/lease}, or the mount's
   * defaults when the role was deleted meanwhile).
   *
   * @throws OperationNotSupportedException for STS leases, which cannot be renewed
   */
  @Override
  public LeaseTerms renew(LeaseRecord lease, Duration increment) {
    Objects.requireNonNull(lease, "lease");
    if (isSts(lease)) {
      throw new OperationNotSupportedException(
          "lease " + lease.id() + " holds STS credentials, which cannot be renewed");
    }
    mounted();
    String roleName = lease.internal().get(LeaseData.ROLE);
    RoleEntry role = roleName == null ? null : state.role(roleName).orElse(null);
    return IamUserTerms.of(role, state.leaseConfig(), increment);
  }

  /**
   * Runs a scheduled task of this mount: {@code static-roles/<name>} rotates that static role's key
   * when due (see {@link StaticRotation}).
   */
  @Override
  public Optional<Instant> runTask(ScheduledTask task) {
    Objects.requireNonNull(task, "task");
    String name = task.name();
    StaticRotation rotation = staticRotation;
    if (rotation == null) {
      throw new IllegalStateException("this AwsSecretsEngine is not mounted");
    }
    if (name.equals(ScheduledRootRotation.TASK)) {
      return rootRotation.run();
    }
    if (name.startsWith(StaticRoleHandlers.TASK_PREFIX)) {
      return rotation.run(name.substring(StaticRoleHandlers.TASK_PREFIX.length()));
    }
    throw new IllegalArgumentException("unknown task " + task.id() + " for the AWS engine");
  }

  private static boolean isSts(LeaseRecord lease) {
    return CredentialType.fromWireName(lease.internal().getOrDefault(LeaseData.TYPE, ""))
        .map(CredentialType::isSts)
        .orElse(false);
  }

  private IamUserRevoker mounted() {
    IamUserRevoker r = revoker;
    if (r == null) {
      throw new IllegalStateException("this AwsSecretsEngine is not mounted");
    }
    return r;
  }

  @Override
  public void close() {
    steps.close();
    MountState s = state;
    if (s != null) {
      s.close();
    }
  }

  @Override
  public String toString() {
    MountState s = state;
    return "AwsSecretsEngine{mount=" + (s == null ? "none" : s.mountPath()) + "}";
  }
}
