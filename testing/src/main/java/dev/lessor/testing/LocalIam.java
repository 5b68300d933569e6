package dev.lessor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An AWS IAM and STS emulator on the loopback interface, for tests and examples that drive the real
 * AWS SDK without an AWS account.
 *
 * <p>It speaks the AWS Query protocol (form-encoded {@code Action=...} requests, XML answers and
 * XML errors in the shapes the AWS SDK for Java v2 parses), keeps one account's users, groups,
 * roles, policies and keys in memory, and checks the SigV4 signature of every request against the
 * keys it issued: a deleted, inactive or not-yet-propagated key is refused with {@code
 * InvalidClientTokenId}, an expired session with {@code ExpiredToken}. It enforces IAM's names,
 * quotas and {@code DeleteConflict} rules, can inject faults ({@link #faults()}: errors,
 * throttling, latency, connections dropped before or after the action took effect), and can model
 * eventual consistency: new access keys sign only after {@link Builder#keyActivationDelay}, and
 * entities created moments ago can answer {@code NoSuchEntity} to the calls that name them ({@link
 * IamFaults#invisibleFor}, {@link IamFaults#consistencyWindow}). It does not evaluate policies: any
 * valid key may call any action, except that, as on AWS, GetFederationToken sessions may call only
 * GetCallerIdentity.
 *
 * <p>Virtual MFA devices work as on AWS: {@code CreateVirtualMFADevice} answers a Base32 seed, from
 * which {@link Totp} computes the codes that {@code EnableMFADevice}, {@code GetSessionToken} and
 * {@code AssumeRole} take ({@code SerialNumber}, {@code TokenCode}); a wrong or missing code is
 * refused with {@code AccessDenied}. AssumeRole requires MFA of a role whose trust policy names
 * {@code aws:MultiFactorAuthPresent}.
 *
 * <pre>{@code
 * try (LocalIam iam = LocalIam.start()) {
 *   IamClient client = IamClient.builder()
 *       .endpointOverride(iam.endpoint())
 *       .region(Region.US_EAST_1)
 *       .credentialsProvider(StaticCredentialsProvider.create(
 *           AwsBasicCredentials.create(iam.adminAccessKeyId(), iam.adminSecretAccessKey())))
 *       .build();
 *   client.createUser(b -> b.userName("alice"));
 * }
 * }</pre>
 *
 * <p>One endpoint serves both services; the SigV4 credential scope of each request selects IAM or
 * STS. The implementation classes are package-private in this package. Thread-safe: serves
 * concurrent clients, and its views and faults may be used while they call. {@link #close()} stops
 * the server and its threads.
 */
public final class LocalIam implements AutoCloseable {
  private static final String REGION = "us-east-1";

  private final IamAccount account;
  private final IamFaults faults;
  private final QueryServer server;
  private final IamSnapshots snapshots;

  private LocalIam(Builder b) throws IOException {
    this.account =
        new IamAccount(b.accountId, b.clock, new IamIds(), b.userLimit, b.keyActivationDelay);
    this.faults = new IamFaults();
    this.server =
        new QueryServer(
            account, faults, ActionTables.iam(account), ActionTables.sts(account), b.port);
    this.snapshots = new IamSnapshots(account);
  }

  /** Starts an emulator with the defaults on a free port of 127.0.0.1. */
  public static LocalIam start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The base URI to give {@code endpointOverride} of both {@code IamClient} and {@code StsClient}.
   */
  public URI endpoint() {
    return server.endpoint();
  }

  /** The region to configure clients with: {@code us-east-1}. */
  public String region() {
    return REGION;
  }

  public String accountId() {
    return account.accountId;
  }

  /**
   * The root user's access key id. The key signs at once, whatever the key activation delay; it
   * stops only if a test deletes or deactivates it through the API, as on AWS.
   */
  public String adminAccessKeyId() {
    return account.credentials.rootKey.id;
  }

  /** The root user's secret key, for configuring a client of this emulator. */
  public String adminSecretAccessKey() {
    return account.credentials.rootKey.secret;
  }

  /**
   * The faults to inject into calls, and IAM's consistency windows; arm them at any time. For
   * example {@code faults().actThenDrop("CreateAccessKey", 1)} creates the next key and loses the
   * answer, and {@code faults().invisibleFor("ListAccessKeys", Duration.ofSeconds(10))} hides users
   * younger than ten seconds from ListAccessKeys.
   */
  public IamFaults faults() {
    return faults;
  }

  /** How many requests named {@code action} arrived, including faulted and refused ones. */
  public int callCount(String action) {
    return server.callCount(Objects.requireNonNull(action, "action"));
  }

  /** Calls per action so far, sorted by action name. */
  public Map<String, Integer> callCounts() {
    return server.callCounts();
  }

  /** A snapshot of every IAM user, sorted by name. */
  public List<User> users() {
    return snapshots.users();
  }

  /** A snapshot of the user named {@code name} (IAM names ignore case), if it exists. */
  public Optional<User> user(String name) {
    return snapshots.user(name);
  }

  /**
   * Every STS session (AssumeRole, GetFederationToken, GetSessionToken) issued so far, expired ones
   * included, oldest expiry first; also those whose answer was lost. Never the secret or the
   * session token.
   */
  public List<Session> sessions() {
    return snapshots.sessions();
  }

  /** The endpoint and account, for test failure messages; never a secret. */
  @Override
  public String toString() {
    return "LocalIam[" + endpoint() + ", account " + account.accountId + "]";
  }

  /** Stops the server; clients get connection errors afterwards. */
  @Override
  public void close() {
    server.close();
  }

  /**
   * A snapshot of an IAM user as a test sees it. {@code permissionsBoundaryArn} is null when the
   * user has no permissions boundary ({@link #permissionsBoundary()} says so as an Optional).
   * Immutable.
   */
  public record User(
      String name,
      String path,
      String arn,
      Instant createDate,
      List<AccessKeyView> accessKeys,
      Map<String, String> inlinePolicies,
      List<String> attachedPolicyArns,
      List<String> groups,
      Map<String, String> tags,
      String permissionsBoundaryArn,
      boolean loginProfile,
      List<String> sshPublicKeyIds) {
    public User {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(arn, "arn");
      Objects.requireNonNull(createDate, "createDate");
      accessKeys = List.copyOf(accessKeys);
      inlinePolicies = Map.copyOf(inlinePolicies);
      attachedPolicyArns = List.copyOf(attachedPolicyArns);
      groups = List.copyOf(groups);
      tags = Map.copyOf(tags);
      sshPublicKeyIds = List.copyOf(sshPublicKeyIds);
    }

    public Optional<String> permissionsBoundary() {
      return Optional.ofNullable(permissionsBoundaryArn);
    }
  }

  /**
   * An STS session as a test sees it: its access key id, the principal's ARN and when it stops
   * working (by LocalIam's clock).
   */
  public record Session(String accessKeyId, String arn, Instant expiration) {
    public Session {
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      Objects.requireNonNull(arn, "arn");
      Objects.requireNonNull(expiration, "expiration");
    }
  }

  /** An access key as a test sees it: its id and {@code Active} or {@code Inactive}. */
  public record AccessKeyView(String id, String status) {
    public AccessKeyView {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * Configures and starts a {@link LocalIam}. Not thread-safe; each setter checks its argument at
   * once.
   */
  public static final class Builder {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private int port;
    private String accountId = "123456789012";
    private int userLimit = 5_000;
    private Duration keyActivationDelay = Duration.ZERO;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The TCP port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be within 0..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** The 12-digit account id in every ARN; {@code 123456789012} by default. */
    public Builder accountId(String accountId) {
      Objects.requireNonNull(accountId, "accountId");
      if (!ACCOUNT_ID.matcher(accountId).matches()) {
        throw new IllegalArgumentException("accountId must be 12 digits, was " + accountId);
      }
      this.accountId = accountId;
      return this;
    }

    /**
     * Users per account before CreateUser answers LimitExceeded; 5,000 (IAM's quota) by default.
     */
    public Builder userLimit(int userLimit) {
      if (userLimit < 1) {
        throw new IllegalArgumentException("userLimit must be at least 1, was " + userLimit);
      }
      this.userLimit = userLimit;
      return this;
    }

    /**
     * How long after CreateAccessKey the new key starts to sign requests (IAM's eventual
     * consistency; several seconds on AWS). Measured with {@link #clock(Clock)}; zero by default.
     */
    public Builder keyActivationDelay(Duration delay) {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("keyActivationDelay must not be negative, was " + delay);
      }
      this.keyActivationDelay = delay;
      return this;
    }

    /**
     * The time for key activation, STS expiry and creation dates; the system UTC clock by default.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Starts the server. */
    public LocalIam start() {
      try {
        return new LocalIam(this);
      } catch (IOException e) {
        throw new UncheckedIOException("LocalIam could not listen on 127.0.0.1:" + port, e);
      }
    }
  }
}
