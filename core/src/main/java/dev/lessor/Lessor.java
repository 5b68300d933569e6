package dev.lessor;

import dev.lessor.spi.InMemoryLeaseStore;
import dev.lessor.spi.InMemoryStorage;
import dev.lessor.spi.LeaseRecord;
import dev.lessor.spi.LeaseStore;
import dev.lessor.spi.MountContext;
import dev.lessor.spi.Operation;
import dev.lessor.spi.PathRouter;
import dev.lessor.spi.Request;
import dev.lessor.spi.SecretsEngine;
import dev.lessor.spi.Storage;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic secrets, in-process: a mount table of secrets engines, a lease manager and storage.
 *
 * <pre>{@code
 * try (Lessor lessor = Lessor.builder().build()) {
 *   lessor.mount("aws/", new AwsSecretsEngine());
 *   lessor.write("aws/config/root", Map.of("access_key", id, "secret_key", secret));
 *   lessor.write("aws/roles/my-role", Map.of("policy", policyJson));
 *   Response creds = lessor.read("aws/creds/my-role");
 *   lessor.leases().revoke(creds.lease().orElseThrow().id());
 * }
 * }</pre>
 *
 * <p>Every secret an engine issues gets a lease, recorded before the engine creates anything, and
 * is revoked when the lease expires, on a bounded pool of workers woken by one scheduled task.
 *
 * <p>Build one per application; it is thread-safe. Closing it stops scheduling and the threads it
 * created, and closes the engines; it does not revoke leases, which a durable store keeps for the
 * next start.
 */
public final class Lessor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Lessor.class);

  private final Clock clock;
  private final LeaseStore store;
  private final Storage storage;
  private final LeaseSettings settings;
  private final MountTable mounts = new MountTable();
  private final LeaseEvents events = new LeaseEvents();
  private final Revoker revoker;
  private final RevocationLoop loop;
  private final DefaultLeaseManager leases;
  private final Runnable shutdownOwnedThreads;
  private volatile boolean closed;

  Lessor(
      Clock clock,
      LeaseStore store,
      Storage storage,
      LeaseSettings settings,
      Scheduler scheduler,
      java.util.concurrent.Executor workers,
      Runnable shutdownOwnedThreads) {
    this.clock = clock;
    this.store = store;
    this.storage = storage;
    this.settings = settings;
    this.shutdownOwnedThreads = shutdownOwnedThreads;
    this.revoker = new Revoker(store, mounts, events, clock, settings);
    this.loop =
        new RevocationLoop(store, clock, scheduler, workers, settings, revoker::revokeClaimed);
    this.leases = new DefaultLeaseManager(store, mounts, events, clock, settings, revoker);
    SystemPaths system = new SystemPaths(leases, mounts::paths);
    Storage systemStorage = storage.scoped(SystemPaths.MOUNT);
    mounts.add(
        new Mount(
            SystemPaths.MOUNT,
            system,
            system.mount(
                new MountContext(SystemPaths.MOUNT, systemStorage, clock, store.storeId())),
            systemStorage));
  }

  /**
   * A builder with the defaults: in-memory stores, 768h TTLs, a scheduler and workers of its own.
   */
  public static LessorBuilder builder() {
    return new LessorBuilder();
  }

  /** Starts the revocation loop; called once by the builder. */
  Lessor start() {
    loop.start();
    return this;
  }

  /**
   * Mounts {@code engine} at {@code path}, a prefix such as {@code aws/}. Mounting the same engine
   * type at several paths gives each its own configuration. Leases of this mount left by an earlier
   * run (with a durable store) are revoked when due once it is mounted.
   *
   * @throws InvalidRequestException if the path is malformed, overlaps a mount, or the engine
   *     instance is mounted already
   */
  public void mount(String path, SecretsEngine engine) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(engine, "engine");
    checkOpen();
    MountTable.validatePath(path);
    mounts.checkAvailable(path, engine);
    PathRouter router =
        engine.mount(
            new MountContext(
                path,
                storage.scoped(path),
                clock,
                id -> store.get(id).isPresent(),
                store.storeId()));
    Objects.requireNonNull(router, "the engine's mount() returned no router");
    mounts.add(new Mount(path, engine, router, storage.scoped(path)));
    log.debug("mounted {} at {}", engine.getClass().getName(), path);
    revoker.mountAvailable(path);
    loop.requestDrain();
  }

  /**
   * Revokes every lease under {@code path}, then unmounts the engine, closes it and deletes its
   * stored configuration. New requests on the mount are refused from the start; requests already
   * running finish first, and their leases are revoked too.
   *
   * @throws NotFoundException if nothing is mounted there
   * @throws LessorException if a lease could not be revoked; the mount then stays
   */
  public void unmount(String path) {
    Objects.requireNonNull(path, "path");
    checkOpen();
    if (path.equals(SystemPaths.MOUNT)) {
      throw new InvalidRequestException("path", "sys/ is built in and cannot be unmounted");
    }
    Mount mount =
        mounts
            .get(path)
            .orElseThrow(() -> new NotFoundException("nothing is mounted at '" + path + "'"));
    mounts.beginUnmount(mount);
    Lock exclusive = mount.gate().writeLock();
    exclusive.lock(); // waits for the requests already running on the mount
    try {
      leases.revokePrefix(path);
    } catch (RuntimeException e) {
      mounts.cancelUnmount(mount);
      throw e;
    } finally {
      exclusive.unlock();
    }
    mounts.remove(path);
    mount.engine().close();
    for (String key : mount.storage().list("")) {
      mount.storage().delete(key);
    }
    log.debug("unmounted {}", path);
  }

  /** The mount paths, sorted, including the built-in {@code sys/}. */
  public List<String> mounts() {
    return mounts.paths();
  }

  /** Reads {@code path}, such as {@code aws/creds/my-role}. */
  public Response read(String path) {
    return handle(Operation.READ, path, Map.of());
  }

  /** Reads {@code path} with parameters, such as a requested {@code ttl}. */
  public Response read(String path, Map<String, ?> data) {
    return handle(Operation.READ, path, data);
  }

  /** Writes {@code data} to {@code path}, such as a role definition. */
  public Response write(String path, Map<String, ?> data) {
    return handle(Operation.WRITE, path, data);
  }

  /** Lists the entries under {@code path}; the names are under the {@code keys} data key. */
  public Response list(String path) {
    return handle(Operation.LIST, path, Map.of());
  }

  /** Deletes {@code path}, such as a role. */
  public Response delete(String path) {
    return handle(Operation.DELETE, path, Map.of());
  }

  /** The lease manager. */
  public LeaseManager leases() {
    return leases;
  }

  private Response handle(Operation operation, String path, Map<String, ?> data) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(data, "data");
    checkOpen();
    String normalized = path.startsWith("/") ? path.substring(1) : path;
    Mount mount =
        mounts
            .route(normalized)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "no mount for path '" + path + "'; mounts are " + mounts.paths()));
    String relative =
        normalized.length() > mount.path().length()
            ? normalized.substring(mount.path().length())
            : "";
    Lock shared = enter(mount, path);
    try {
      return dispatch(mount, operation, relative, data);
    } finally {
      shared.unlock();
    }
  }

  /** Holds the mount's gate shared for one request, so that an unmount waits for it. */
  private Lock enter(Mount mount, String path) {
    Lock shared = mount.gate().readLock();
    if (shared.tryLock()) {
      if (mounts.isOpen(mount)) {
        return shared;
      }
      shared.unlock();
    }
    throw new NotFoundException(
        "mount '" + mount.path() + "' is being unmounted; no path '" + path + "'");
  }

  private Response dispatch(
      Mount mount, Operation operation, String relative, Map<String, ?> data) {
    PathRouter.Route route = mount.router().route(operation, relative);
    String requestPath = stripTrailingSlash(mount.path() + relative);
    Issuance issuance =
        new Issuance(
            requestPath, mount.path(), mount.engine().type(), store, clock, settings, loop);
    Response response;
    try {
      response =
          route.handler().handle(new Request(operation, relative, route.params(), data, issuance));
    } catch (RuntimeException e) {
      if (issuance.begun()) {
        rollBack(issuance.record(), e);
      }
      throw e;
    }
    response = response == null ? Response.empty() : response;
    return issuance.begun() ? activate(issuance, response) : response;
  }

  private Response activate(Issuance issuance, Response response) {
    LeaseRecord active;
    try {
      active = issuance.activate();
    } catch (LessorException e) {
      rollBack(issuance.record(), e);
      throw e;
    }
    Instant now = clock.instant();
    Lease lease = active.toLease(active.issueTime()); // its TTL is the one granted
    log.debug("lease {} issued, expires {}", lease.id(), lease.expireTime());
    events.publish(LeaseEvent.Type.ISSUED, lease, now);
    return response.withLease(lease).withWarnings(issuance.warnings());
  }

  /**
   * Revokes the lease of a failed request at once; a failure there is retried in the background.
   */
  private void rollBack(LeaseRecord pending, RuntimeException cause) {
    try {
      revoker.revokeNow(pending);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private static String stripTrailingSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this Lessor is closed");
    }
  }

  /**
   * Stops the revocation loop and the threads this Lessor created, and closes the engines. Leases
   * stay in the store. Calling it again does nothing.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    loop.close();
    shutdownOwnedThreads.run();
    for (SecretsEngine engine : mounts.engines()) {
      try {
        engine.close();
      } catch (RuntimeException e) {
        log.warn("engine {} failed to close", engine.getClass().getSimpleName(), e);
      }
    }
  }

  @Override
  public String toString() {
    return "Lessor{mounts=" + mounts.paths() + ", store=" + store.getClass().getSimpleName() + "}";
  }

  static InMemoryLeaseStore defaultStore() {
    return new InMemoryLeaseStore();
  }

  static InMemoryStorage defaultStorage() {
    return new InMemoryStorage();
  }
}
