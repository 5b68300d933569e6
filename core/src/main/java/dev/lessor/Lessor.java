package dev.lessor;

import dev.lessor.engine.MountContext;
import dev.lessor.engine.Operation;
import dev.lessor.engine.SecretsEngine;
import dev.lessor.internal.RateLimiter;
import dev.lessor.store.LeaseStore;
import dev.lessor.store.Storage;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

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
 * <p>Build one per application; it is thread-safe. Lease listeners are called outside every lock
 * Lessor holds, so a listener may mount, unmount or close.
 *
 * <p>Closing it refuses new requests at once ({@link IllegalStateException}) and waits, up to the
 * {@link LessorBuilder#closeTimeout close timeout}, for the requests in flight. Then what happens
 * to live leases depends on the store: a {@link LeaseStore#durable() durable} store keeps them, to
 * be revoked by the next start or by another instance; with a store that is not durable (the
 * in-memory default) nothing else ever would, so closing revokes every live lease, concurrently on
 * the revocation workers and within the close timeout, and logs at ERROR each one it could not.
 * Last, it stops the threads it created and closes the engines.
 */
public final class Lessor implements AutoCloseable {
  private final Clock clock;
  private final LeaseStore store;
  private final Storage storage;
  private final LeaseSettings settings;
  private final MountTable mounts = new MountTable();
  private final LeaseEvents events = new LeaseEvents();
  private final RequestGate gate = new RequestGate();
  private final Revoker revoker;
  private final RevocationLoop loop;
  private final TaskRunner tasks;
  private final DefaultLeaseManager leases;
  private final Shutdown shutdown;
  private final Requests requests;
  private final EngineMounts engines;

  Lessor(
      Clock clock,
      Ticker ticker,
      LeaseStore store,
      Storage storage,
      LeaseSettings settings,
      Scheduler scheduler,
      Executor workers,
      Runnable shutdownOwnedThreads) {
    this.clock = clock;
    this.store = store;
    this.storage = storage;
    this.settings = settings;
    RevocationCapacity capacity =
        new RevocationCapacity(
            settings.revocationConcurrency(),
            settings.revocationRatePerSecond() > 0
                ? RateLimiter.atMostPerSecond(settings.revocationRatePerSecond(), ticker)
                : null);
    ClaimKeeper claims = new ClaimKeeper(store, clock, scheduler, settings.claimTimeout());
    Failures failures = new Failures(store, events, clock, settings.retryPolicy(), this::wakeBy);
    Activations activations =
        new Activations(
            store, clock, scheduler, workers, settings.pendingTimeout(), settings.closeTimeout());
    this.revoker =
        new Revoker(store, mounts, events, clock, settings, claims, activations, failures, ticker);
    this.tasks = new TaskRunner(store, mounts, clock, settings, this::wakeBy);
    this.loop =
        new RevocationLoop(
            store,
            clock,
            ticker,
            scheduler,
            workers,
            settings,
            capacity,
            revoker::takeReady,
            revoker::revokeClaimed,
            tasks::run);
    BulkRevocation bulk =
        new BulkRevocation(store, revoker, workers, capacity, settings.revocationConcurrency());
    this.leases =
        new DefaultLeaseManager(
            store, mounts, events, clock, settings, revoker, bulk, ticker, activations);
    this.requests =
        new Requests(store, mounts, events, clock, settings, revoker, loop, ticker, activations);
    this.shutdown =
        new Shutdown(
            gate,
            loop,
            store,
            bulk,
            mounts,
            claims,
            activations,
            shutdownOwnedThreads,
            settings.closeTimeout());
    this.engines =
        new EngineMounts(mounts, store, storage, clock, revoker, loop, leases, this::wakeBy);
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

  private void wakeBy(Instant due) {
    loop.leaseDueAt(due);
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
    gated(() -> engines.mount(path, engine));
  }

  /**
   * Revokes every lease under {@code path}, then unmounts the engine, closes it and deletes its
   * stored configuration. New requests on the mount are refused from the start; requests already
   * running finish first, and their leases are revoked too. The path stays reserved until the
   * configuration is deleted: a mount there meanwhile is refused. Leases under the path that an
   * engine of another type issued are left alone; they wait for an engine of their type.
   *
   * @throws NotFoundException if nothing is mounted there
   * @throws LessorException if a lease could not be revoked; the mount then stays
   */
  public void unmount(String path) {
    Objects.requireNonNull(path, "path");
    gated(() -> engines.unmount(path));
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

  /**
   * Reads {@code path} for a secret that lives as long as a block: the returned {@link
   * LeasedSecret} revokes its lease when closed.
   *
   * <pre>{@code
   * try (LeasedSecret s = lessor.lease("aws/creds/deploy", Map.of("ttl", "15m"))) {
   *   use(s.string("access_key"), s.secret("secret_key"));
   * }
   * }</pre>
   *
   * @throws InvalidRequestException if {@code path} returned no lease (it is not a path that issues
   *     secrets)
   */
  public LeasedSecret lease(String path, Map<String, ?> data) {
    Response response = read(path, data);
    if (response.lease().isEmpty()) {
      throw new InvalidRequestException(
          "path", "'" + path + "' issued no lease; lease() is for paths that issue secrets");
    }
    return new LeasedSecret(response, leases);
  }

  /** {@link #lease(String, Map)} with no parameters. */
  public LeasedSecret lease(String path) {
    return lease(path, Map.of());
  }

  /** The clock every lease time is read from, for code that compares times with leases. */
  public Clock clock() {
    return clock;
  }

  /**
   * Adds a listener for scheduled tasks of engines (such as key rotations) that keep failing; see
   * {@link TaskListener} for the calling thread.
   */
  public void addTaskListener(TaskListener listener) {
    tasks.addListener(Objects.requireNonNull(listener, "listener"));
  }

  /** Removes a listener added with {@link #addTaskListener}. */
  public void removeTaskListener(TaskListener listener) {
    tasks.removeListener(listener);
  }

  /** The lease manager. */
  public LeaseManager leases() {
    return leases;
  }

  /** Runs {@code change} with the request gate held, as {@link #handle} runs a request. */
  private void gated(Runnable change) {
    try (LeaseEvents.Deferral deferral = events.defer()) {
      gate.enter();
      try {
        change.run();
      } finally {
        gate.exit();
      }
    }
  }

  private Response handle(Operation operation, String path, Map<String, ?> data) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(data, "data");
    // events wait until the gates are let go: a listener may unmount or close
    try (LeaseEvents.Deferral deferral = events.defer()) {
      gate.enter();
      try {
        return requests.handle(operation, path, data);
      } finally {
        gate.exit();
      }
    }
  }

  /**
   * Refuses new requests, waits (bounded) for those in flight, revokes every live lease if the
   * store is not durable (see the class comment), stops the revocation loop and the threads this
   * Lessor created, and closes the engines. A durable store keeps its leases. Calling it again does
   * nothing.
   */
  @Override
  public void close() {
    shutdown.run();
  }

  @Override
  public String toString() {
    return "Lessor{mounts=" + mounts.paths() + ", store=" + store.getClass().getSimpleName() + "}";
  }
}
