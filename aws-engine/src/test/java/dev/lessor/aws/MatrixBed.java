package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.lessor.LeaseState;
import dev.lessor.Lessor;
import dev.lessor.LessorException;
import dev.lessor.Response;
import dev.lessor.RetryPolicy;
import dev.lessor.store.LeaseRecord;
import dev.lessor.testing.LocalIam;
import dev.lessor.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * One cell's Lessor: the AWS engine mounted at {@code aws/} against the shared {@link
 * MatrixAccount}, a recording in-memory store, revocations on the test's thread when the clock
 * moves, and a retry policy with attempts enough to outwait IAM's consistency window. Every call it
 * makes for a test is bounded in time.
 */
final class MatrixBed implements AutoCloseable {
  /** Tries per AWS call: the SDK's (max_retries + 1), and the engine's for its creates. */
  static final int ATTEMPTS = 2;

  /** The longest any call may take: far more than any of them needs, yet no hang goes unseen. */
  static final Duration BOUND = Duration.ofSeconds(30);

  private static final RetryPolicy PATIENT =
      new RetryPolicy(100, Duration.ofSeconds(1), Duration.ofMinutes(1), 0, Duration.ofHours(1));

  final MatrixAccount account;
  final RecordingLeaseStore store = new RecordingLeaseStore();
  final Lessor lessor;
  private final Instant started;
  private final Set<String> sessionsBefore;

  /** What a call gave its caller: a response or a Lessor error, never both. */
  record Outcome(Response response, LessorException error) {
    boolean ok() {
      return error == null;
    }

    String leaseId() {
      return response.lease().orElseThrow().id();
    }

    /**
     * This outcome, when the call succeeded; otherwise fails, saying {@code what} failed and with
     * which error (its type, message and causes: no secret, as Lessor's errors carry none).
     */
    Outcome requireOk(String what) {
      if (!ok()) {
        throw new AssertionError(what + " failed: " + describe(error), error);
      }
      return this;
    }
  }

  /** {@code error} and its causes, each as its type and message, outermost first. */
  static String describe(Throwable error) {
    StringBuilder out = new StringBuilder();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      out.append(out.length() == 0 ? "" : "; caused by ").append(t);
    }
    return out.toString();
  }

  MatrixBed(MatrixAccount account, Map<String, Object> rootConfig) {
    this.account = account;
    this.started = account.clock.instant();
    this.sessionsBefore = account.sessionIds();
    lessor =
        Lessor.builder()
            .clock(account.clock)
            .scheduler(new ManualScheduler(account.clock))
            .revocationExecutor(Runnable::run)
            .leaseStore(store)
            .retryPolicy(PATIENT)
            .build();
    lessor.mount("aws/", new AwsSecretsEngine(account.clock::advance));
    lessor.write("aws/config/root", rootConfig);
    String policy = AwsTestBed.EC2_POLICY;
    lessor.write("aws/roles/inline", Map.of("policy", policy));
    lessor.write("aws/roles/managed", iamUser("policy_arns", account.policyArn));
    lessor.write("aws/roles/group", iamUser("iam_groups", MatrixAccount.GROUP));
    lessor.write("aws/roles/ready", Map.of("policy", policy, "wait_ready", true));
    Map<String, Object> full =
        Map.of(
            "policy", policy, "policy_arns", account.policyArn, "iam_groups", MatrixAccount.GROUP);
    lessor.write("aws/roles/full", full);
    lessor.write("aws/roles/full-ready", with(full, "wait_ready", true));
    lessor.write(
        "aws/roles/assumed",
        Map.of("credential_type", "assumed_role", "role_arns", account.roleArn));
    lessor.write(
        "aws/roles/federated",
        Map.of("credential_type", "federation_token", "policy_document", policy));
    lessor.write("aws/roles/session", Map.of("credential_type", "session_token"));
  }

  private static Map<String, Object> iamUser(String key, Object value) {
    return Map.of("credential_type", "iam_user", key, value);
  }

  private static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
    Map<String, Object> out = new java.util.HashMap<>(map);
    out.put(key, value);
    return out;
  }

  /** {@code call} on another thread; fails the test when it takes longer than {@link #BOUND}. */
  static <T> T bounded(String what, ThrowingSupplier<T> call) {
    return assertTimeoutPreemptively(BOUND, call, () -> what + " did not return within " + BOUND);
  }

  /**
   * Runs {@code call} within the bound; a credential it returns must have its lease ACTIVE in the
   * store at the moment the call returns.
   */
  Outcome attempt(String what, Supplier<Response> call) {
    return bounded(
        what,
        () -> {
          Response response;
          try {
            response = call.get();
          } catch (LessorException e) {
            return new Outcome(null, e);
          }
          response
              .lease()
              .ifPresent(
                  lease ->
                      assertThat(store.get(lease.id()))
                          .as("the lease of the credential %s returned, in the store", what)
                          .hasValueSatisfying(
                              r -> assertThat(r.state()).isEqualTo(LeaseState.ACTIVE)));
          return new Outcome(response, null);
        });
  }

  Outcome mint(String role) {
    return attempt("read aws/creds/" + role, () -> lessor.read("aws/creds/" + role));
  }

  /** The IAM user name recorded with a lease (also after the lease is gone). */
  String userOf(String leaseId) {
    return store.inserted().get(leaseId).internal().get(LeaseData.USERNAME);
  }

  /**
   * Clears the faults, revokes whatever is live, moves the clock past IAM's consistency window and
   * the retries' backoffs until revocation has drained, then checks what is left: no lease, no user
   * of the engine's, and no STS session issued in this cell that outlives the last STS lease.
   */
  void settleAndCheck() {
    account.iam.faults().clear();
    bounded(
        "revoking and draining",
        () -> {
          for (String id : lessor.leases().list("")) {
            try {
              lessor.leases().revoke(id);
            } catch (LessorException e) {
              // Left to the background retries, which the clock drives below.
            }
          }
          account.clock.advance(IamUserRevoker.CONSISTENCY_WINDOW.plusMinutes(1));
          for (int i = 0; i < 60 && store.count() > 0; i++) {
            account.clock.advance(Duration.ofMinutes(1));
          }
          return null;
        });
    List<LeaseRecord> left = store.remaining();
    assertThat(left)
        .as("leases left after revocation drained (state, attempts, last error)")
        .extracting(r -> r.id() + " " + r.state() + " " + r.attempts() + " " + r.lastError())
        .isEmpty();
    assertThat(account.lessorUsers())
        .as("IAM users of the engine's whose lease is gone")
        .extracting(LocalIam.User::name)
        .isEmpty();
    Instant lastExpiry = lastStsLeaseExpiry();
    if (lastExpiry.isAfter(account.clock.instant())) {
      account.clock.advanceTo(lastExpiry);
    }
    assertThat(account.iam.sessions())
        .filteredOn(s -> !sessionsBefore.contains(s.accessKeyId()))
        .as("STS sessions of this cell, at the expiry of its last lease")
        .allSatisfy(s -> assertThat(s.expiration()).isBeforeOrEqualTo(account.clock.instant()));
  }

  /** When the last STS lease of this cell ends (or ended), or the cell's start without one. */
  private Instant lastStsLeaseExpiry() {
    return store.inserted().values().stream()
        .filter(
            r ->
                CredentialType.fromWireName(r.internal().getOrDefault(LeaseData.TYPE, ""))
                    .map(CredentialType::isSts)
                    .orElse(false))
        .map(LeaseRecord::expireTime)
        .max(Instant::compareTo)
        .orElse(started);
  }

  @Override
  public void close() {
    lessor.close();
  }
}
