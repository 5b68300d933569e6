package dev.lessor.testing;

import dev.lessor.OperationNotSupportedException;
import dev.lessor.Response;
import dev.lessor.RetryLaterException;
import dev.lessor.SecretValue;
import dev.lessor.UpstreamException;
import dev.lessor.engine.LeaseTerms;
import dev.lessor.engine.MountContext;
import dev.lessor.engine.PathRouter;
import dev.lessor.engine.PendingLease;
import dev.lessor.engine.Request;
import dev.lessor.engine.SecretsEngine;
import dev.lessor.store.LeaseRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A secrets engine that issues random credentials and remembers which are live, for unit tests of
 * code that uses Lessor and of Lessor itself. Thread-safe.
 *
 * <p>Paths: {@code creds/{name}} READ issues a credential ({@code username}, {@code password}) on a
 * lease; the optional {@code ttl} field asks for a TTL. Leases are renewable unless {@link
 * #renewable(boolean)} says otherwise.
 *
 * <p>Failures on demand: {@link #failNextIssues(int)} makes issues fail after the credential was
 * created (so the core must roll it back), {@link #failNextRevocations(int)} makes revocations fail
 * with a retryable error, {@link #failRevocationsPermanently(int)} with a permanent one, {@link
 * #undecidableUntil(Instant)} makes them answer {@link RetryLaterException} (an eventually
 * consistent provider) until the mount's clock reaches a time, and {@link #beforeRevoke} runs a
 * test's code (a latch, a counter) at the start of each revocation.
 */
public final class FakeSecretsEngine implements SecretsEngine {
  private static final String CREDENTIAL_ID = "credential_id";

  private final Set<String> live = ConcurrentHashMap.newKeySet();
  // appended once per revocation: a copy-on-write list made revoking 300,000 leases take 94 s
  private final List<String> revokedLeases = new ArrayList<>(); // guarded by itself
  private final AtomicInteger issued = new AtomicInteger();
  private final AtomicInteger revocationCalls = new AtomicInteger();
  private final AtomicInteger failIssues = new AtomicInteger();
  private final AtomicInteger failRevocations = new AtomicInteger();
  private final AtomicInteger failRevocationsPermanently = new AtomicInteger();
  private volatile boolean renewable = true;
  private volatile Consumer<LeaseRecord> beforeRevoke = lease -> {};
  private volatile Instant undecidableUntil = Instant.MIN;
  private volatile Clock clock = Clock.systemUTC();

  @Override
  public PathRouter mount(MountContext context) {
    clock = context.clock();
    return PathRouter.builder().read("creds/{name}", this::issue).build();
  }

  private Response issue(Request request) {
    Duration ttl = request.duration("ttl").orElse(Duration.ZERO);
    String credentialId = "fake-" + request.param("name") + "-" + UUID.randomUUID();
    PendingLease lease =
        request.beginLease(
            new LeaseTerms(ttl, Duration.ZERO, renewable), Map.of(CREDENTIAL_ID, credentialId));
    live.add(credentialId);
    issued.incrementAndGet();
    if (takeOne(failIssues)) {
      throw new UpstreamException(
          "fake issue failure for " + lease.id(), "FakeIssueFailure", true, null);
    }
    return Response.builder()
        .put("username", credentialId)
        .put("password", SecretValue.of(UUID.randomUUID().toString()))
        .build();
  }

  @Override
  public void revoke(LeaseRecord lease) {
    revocationCalls.incrementAndGet();
    beforeRevoke.accept(lease);
    Instant until = undecidableUntil;
    if (clock.instant().isBefore(until)) {
      throw new RetryLaterException(
          "fake provider cannot tell yet whether the credential of " + lease.id() + " is gone",
          until);
    }
    if (takeOne(failRevocationsPermanently)) {
      throw UpstreamException.permanent(
          "fake permanent revocation failure for " + lease.id(), "FakePermanent", null);
    }
    if (takeOne(failRevocations)) {
      throw new UpstreamException(
          "fake revocation failure for " + lease.id(), "FakeRevocationFailure", true, null);
    }
    String credentialId = lease.internal().get(CREDENTIAL_ID);
    if (credentialId != null) {
      live.remove(credentialId);
    }
    synchronized (revokedLeases) {
      revokedLeases.add(lease.id());
    }
  }

  /** {@code fake credential <username>}, the name the read returned. */
  @Override
  public String describe(LeaseRecord lease) {
    return "fake credential " + lease.internal().getOrDefault(CREDENTIAL_ID, "(none)");
  }

  @Override
  public LeaseTerms renew(LeaseRecord lease, Duration increment) {
    if (!renewable) {
      throw new OperationNotSupportedException("fake credentials are not renewable now");
    }
    return LeaseTerms.defaults();
  }

  /** Whether new leases are renewable, and whether renewal is accepted. Default true. */
  public FakeSecretsEngine renewable(boolean renewable) {
    this.renewable = renewable;
    return this;
  }

  /** Makes the next {@code count} issues fail after their credential was created. */
  public FakeSecretsEngine failNextIssues(int count) {
    failIssues.set(count);
    return this;
  }

  /** Makes the next {@code count} revocations fail with a retryable error. */
  public FakeSecretsEngine failNextRevocations(int count) {
    failRevocations.set(count);
    return this;
  }

  /** Makes the next {@code count} revocations fail with a permanent error. */
  public FakeSecretsEngine failRevocationsPermanently(int count) {
    failRevocationsPermanently.set(count);
    return this;
  }

  /**
   * Makes revocations throw {@link RetryLaterException} with {@code until} as long as the mount's
   * clock is before it, as an eventually consistent provider that cannot tell yet whether a
   * credential is gone.
   */
  public FakeSecretsEngine undecidableUntil(Instant until) {
    this.undecidableUntil = Objects.requireNonNull(until, "until");
    return this;
  }

  /**
   * Runs {@code hook} at the start of every revocation, on the revoking thread, before anything
   * else: to block it, count concurrent calls, or throw.
   */
  public FakeSecretsEngine beforeRevoke(Consumer<LeaseRecord> hook) {
    this.beforeRevoke = Objects.requireNonNull(hook, "hook");
    return this;
  }

  /** Whether the credential with this username is live (issued and not revoked). */
  public boolean isLive(String username) {
    return live.contains(username);
  }

  /** The usernames of live credentials. */
  public Set<String> liveCredentials() {
    return Set.copyOf(live);
  }

  /** Ids of the leases revoked successfully, in order, repeats included. */
  public List<String> revokedLeases() {
    synchronized (revokedLeases) {
      return new ArrayList<>(revokedLeases);
    }
  }

  /** How many credentials were created. */
  public int issuedCount() {
    return issued.get();
  }

  /** How many times {@link #revoke} was called, failures included. */
  public int revocationCalls() {
    return revocationCalls.get();
  }

  private static boolean takeOne(AtomicInteger counter) {
    return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }
}
