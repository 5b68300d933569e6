package dev.lessor;

import dev.lessor.engine.MountContext;
import dev.lessor.engine.PathRouter;
import dev.lessor.engine.SecretsEngine;
import dev.lessor.store.LeaseStore;
import dev.lessor.store.Storage;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounting and unmounting engines for {@link Lessor}, which calls in with its request gate held
 * exclusively: mounting gives the engine its context and hands the mount's waiting leases to the
 * revocation loop; unmounting refuses new requests on the mount, revokes its leases, closes the
 * engine and deletes its configuration and tasks.
 */
final class EngineMounts {
  private static final Logger log = LoggerFactory.getLogger(EngineMounts.class);

  private final MountTable mounts;
  private final LeaseStore store;
  private final Storage storage;
  private final Clock clock;
  private final Revoker revoker;
  private final RevocationLoop loop;
  private final DefaultLeaseManager leases;
  private final Consumer<Instant> wakeBy;

  EngineMounts(
      MountTable mounts,
      LeaseStore store,
      Storage storage,
      Clock clock,
      Revoker revoker,
      RevocationLoop loop,
      DefaultLeaseManager leases,
      Consumer<Instant> wakeBy) {
    this.mounts = mounts;
    this.store = store;
    this.storage = storage;
    this.clock = clock;
    this.revoker = revoker;
    this.loop = loop;
    this.leases = leases;
    this.wakeBy = wakeBy;
  }

  void mount(String path, SecretsEngine engine) {
    MountTable.validatePath(path);
    mounts.reserve(path, engine);
    boolean added = false;
    try {
      PathRouter router =
          engine.mount(
              new MountContext(
                  path,
                  storage.scoped(path),
                  clock,
                  id -> store.get(id).isPresent(),
                  store.storeId(),
                  new MountTasks(path, engine.type(), store, wakeBy::accept)));
      Objects.requireNonNull(router, "the engine's mount() returned no router");
      mounts.add(new Mount(path, engine, router, storage.scoped(path)));
      added = true;
    } finally {
      if (!added) {
        mounts.release(path);
      }
    }
    log.debug("mounted {} ({}) at {}", engine.getClass().getName(), engine.type(), path);
    revoker.mountAvailable(path);
    loop.requestDrain();
  }

  void unmount(String path) {
    if (path.equals(SystemPaths.MOUNT)) {
      throw new InvalidRequestException("path", "sys/ is built in and cannot be unmounted");
    }
    Mount mount =
        mounts
            .get(path)
            .orElseThrow(() -> new NotFoundException("nothing is mounted at '" + path + "'"));
    if (!mounts.beginUnmount(mount)) {
      throw new InvalidRequestException("path", "'" + path + "' is being unmounted already");
    }
    mount.gate().awaitIdle(); // the requests already running on the mount finish first
    try {
      leases.revokeAll(ownLeases(mount), "of mount '" + path + "'");
    } catch (RuntimeException e) {
      mounts.cancelUnmount(mount);
      throw e;
    }
    mounts.removeAndReserve(path);
    try {
      mount.engine().close();
    } catch (RuntimeException e) {
      log.warn("engine {} failed to close", mount.engine().getClass().getSimpleName(), e);
    }
    try {
      store.deleteTasks(path); // its rotations and other tasks end with its configuration
      for (String key : mount.storage().list("")) {
        mount.storage().delete(key);
      }
    } finally {
      mounts.release(path);
    }
    log.debug("unmounted {}", path);
  }

  /** The ids of the leases under {@code mount} that its engine may revoke. */
  private List<String> ownLeases(Mount mount) {
    return store.list(mount.path()).stream()
        .filter(id -> store.get(id).map(r -> MountTable.mismatch(r, mount) == null).orElse(false))
        .toList();
  }
}
