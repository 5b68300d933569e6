package dev.lessor;

import dev.lessor.engine.MountContext;
import dev.lessor.engine.PathRouter;
import dev.lessor.engine.Request;
import dev.lessor.engine.SecretsEngine;
import dev.lessor.internal.Durations;
import dev.lessor.store.LeaseRecord;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The built-in {@code sys/} mount: the lease operations as paths, the way secrets-server users know
 * them ({@code sys/leases/renew} with {@code lease_id} and {@code increment}, and so on). Reached
 * through {@link Lessor#write}; it issues no leases of its own.
 */
final class SystemPaths implements SecretsEngine {
  static final String MOUNT = "sys/";
  private static final String LEASE_ID = "lease_id";
  private static final String PREFIX = "prefix";

  private final DefaultLeaseManager leases;
  private final Supplier<java.util.List<String>> mounts;

  SystemPaths(DefaultLeaseManager leases, Supplier<java.util.List<String>> mounts) {
    this.leases = leases;
    this.mounts = mounts;
  }

  @Override
  public PathRouter mount(MountContext context) {
    return PathRouter.builder()
        .write("leases/lookup", this::lookup)
        .write("leases/renew", this::renew)
        .write("leases/revoke", this::revoke)
        .write("leases/revoke-prefix", this::revokePrefix)
        .write("leases/revoke-force", this::revokeForce)
        .read(
            "leases/irrevocable",
            r -> Response.of(java.util.Map.of("keys", ids(leases.irrevocable()))))
        .read("leases/count", r -> Response.of(java.util.Map.of("lease_count", leases.count())))
        .read("mounts", r -> Response.of(java.util.Map.of("keys", mounts.get())))
        .build();
  }

  private Response lookup(Request request) {
    String id = request.requireString(LEASE_ID);
    Lease lease =
        leases.lookup(id).orElseThrow(() -> new NotFoundException("lease " + id + " not found"));
    return describe(lease).build();
  }

  private Response renew(Request request) {
    String id = request.requireString(LEASE_ID);
    Duration increment = request.duration("increment").orElse(Duration.ZERO);
    DefaultLeaseManager.Renewal renewal = leases.renewWithWarnings(id, increment);
    Response.Builder response = describe(renewal.lease());
    renewal.warnings().forEach(response::warning);
    return response.build().withLease(renewal.lease());
  }

  private Response revoke(Request request) {
    leases.revoke(request.requireString(LEASE_ID));
    return Response.empty();
  }

  private Response revokePrefix(Request request) {
    int revoked = leases.revokePrefix(request.requireString(PREFIX));
    return Response.of(java.util.Map.of("revoked", revoked));
  }

  private Response revokeForce(Request request) {
    int deleted = leases.revokeForce(request.requireString(PREFIX));
    return Response.of(java.util.Map.of("revoked", deleted));
  }

  private static Response.Builder describe(Lease lease) {
    return Response.builder()
        .put("id", lease.id())
        .put("path", lease.path())
        .put("issue_time", lease.issueTime().toString())
        .put("expire_time", lease.expireTime().toString())
        .put("ttl", Durations.format(lease.ttl().withNanos(0)))
        .put("renewable", lease.renewable())
        .put("state", lease.state().name().toLowerCase(java.util.Locale.ROOT));
  }

  private static java.util.List<String> ids(java.util.List<Lease> list) {
    return list.stream().map(Lease::id).toList();
  }

  @Override
  public void revoke(LeaseRecord lease) {
    // sys/ issues no leases, so it is never asked to revoke one.
  }
}
