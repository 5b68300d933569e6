package dev.lessor.bench;

import dev.lessor.Response;
import dev.lessor.engine.LeaseTerms;
import dev.lessor.engine.MountContext;
import dev.lessor.engine.PathRouter;
import dev.lessor.engine.Request;
import dev.lessor.engine.SecretsEngine;
import dev.lessor.store.LeaseRecord;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The engine the figures run against: {@code creds/{name}} issues a lease and no secret, so that
 * what is measured is Lessor, not a credential generator. Unlike {@code FakeSecretsEngine} it keeps
 * nothing per lease (that engine's lists would dominate a million-lease heap). Thread-safe.
 *
 * <p>Each revocation waits {@code revokeLatency} (parked, like a call to a provider) and is then
 * reported to the {@link RevocationLog}, if there is one.
 */
final class BenchEngine implements SecretsEngine {
  /** Where the harness mounts it. */
  static final String MOUNT = "bench/";

  /** The path that issues a lease. */
  static final String CREDS = MOUNT + "creds/role";

  /** Its type, recorded with each lease. */
  static final String TYPE = "bench";

  @Override
  public String type() {
    return TYPE;
  }

  private final Supplier<Duration> ttls;
  private final long revokeLatencyNanos;
  private final RevocationLog log;

  BenchEngine(Supplier<Duration> ttls, Duration revokeLatency, RevocationLog log) {
    this.ttls = Objects.requireNonNull(ttls, "ttls");
    this.revokeLatencyNanos = revokeLatency.toNanos();
    this.log = log;
  }

  /** Leases of {@code ttl}, revoked at once, reported nowhere. */
  static BenchEngine fixedTtl(Duration ttl) {
    return new BenchEngine(() -> ttl, Duration.ZERO, null);
  }

  @Override
  public PathRouter mount(MountContext context) {
    return PathRouter.builder().read("creds/{name}", this::issue).build();
  }

  private Response issue(Request request) {
    request.beginLease(LeaseTerms.fixed(ttls.get()), Map.of());
    return Response.empty();
  }

  @Override
  public void revoke(LeaseRecord lease) {
    if (log != null) {
      log.started(lease);
    }
    if (revokeLatencyNanos > 0) {
      pause(revokeLatencyNanos);
    }
  }

  /** Waits about {@code nanos}, as a call to a provider would; spurious wake-ups park again. */
  static void pause(long nanos) {
    long end = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = end - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }
}
