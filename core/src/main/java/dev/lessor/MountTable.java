package dev.lessor;

import dev.lessor.engine.SecretsEngine;
import dev.lessor.store.LeaseRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The mounted engines. Reads are lock-free over an immutable snapshot; mounting and unmounting
 * replace it under the table's lock.
 *
 * <p>A path being mounted or unmounted is reserved until that is done: while an unmount closes the
 * engine and deletes the mount's stored configuration, a new mount at that path would lose its own
 * configuration to the deletion, so it is refused instead.
 */
final class MountTable {
  private static final Pattern MOUNT_PATH = Pattern.compile("([A-Za-z0-9_.-]+/)+");

  /** Longest path first, so the first prefix that matches is the longest. */
  private volatile List<Mount> mounts = List.of();

  /** Paths being mounted or unmounted; guarded by this. */
  private final Set<String> reserved = new java.util.HashSet<>();

  static void validatePath(String path) {
    if (("/" + path).contains("/./") || ("/" + path).contains("/../")) {
      throw new InvalidRequestException(
          "path", "a mount path must not have a '.' or '..' segment (was '" + path + "')");
    }
    if (!MOUNT_PATH.matcher(path).matches()) {
      throw new InvalidRequestException(
          "path",
          "a mount path is one or more segments of letters, digits, '_', '.', '-', each ending in"
              + " '/', such as aws/ (was '"
              + path
              + "')");
    }
  }

  /**
   * Reserves {@code path} for mounting {@code engine}, before the engine is prepared.
   *
   * @throws InvalidRequestException if the path overlaps a mount or a path being (un)mounted, or
   *     the engine is mounted already
   */
  synchronized void reserve(String path, SecretsEngine engine) {
    checkAvailable(path, engine);
    reserved.add(path);
  }

  /** Ends a reservation: the mount or unmount is done, or failed. */
  synchronized void release(String path) {
    reserved.remove(path);
  }

  private void checkAvailable(String path, SecretsEngine engine) {
    for (String busy : reserved) {
      if (busy.startsWith(path) || path.startsWith(busy)) {
        throw new InvalidRequestException(
            "path",
            "'"
                + path
                + "' overlaps '"
                + busy
                + "', which is being mounted or unmounted; try again once that is done");
      }
    }
    for (Mount existing : mounts) {
      if (existing.path().startsWith(path) || path.startsWith(existing.path())) {
        throw new InvalidRequestException(
            "path", "'" + path + "' overlaps the mount '" + existing.path() + "'");
      }
      if (existing.engine() == engine) {
        throw new InvalidRequestException(
            "engine", "this engine instance is mounted at '" + existing.path() + "' already");
      }
    }
  }

  /** Adds a mount whose path {@link #reserve reserved}, ending the reservation. */
  synchronized void add(Mount mount) {
    reserved.remove(mount.path());
    checkAvailable(mount.path(), mount.engine());
    List<Mount> next = new ArrayList<>(mounts);
    next.add(mount);
    next.sort(Comparator.comparingInt((Mount m) -> m.path().length()).reversed());
    mounts = List.copyOf(next);
  }

  /**
   * Removes the mount at {@code path} and keeps the path reserved until {@link #release}, so that
   * no new mount takes it while the old one's configuration is being deleted.
   */
  synchronized Optional<Mount> removeAndReserve(String path) {
    Optional<Mount> found = get(path);
    found.ifPresent(m -> mounts = mounts.stream().filter(other -> other != m).toList());
    found.ifPresent(m -> reserved.add(path));
    return found;
  }

  Optional<Mount> get(String path) {
    for (Mount mount : mounts) {
      if (mount.path().equals(path)) {
        return Optional.of(mount);
      }
    }
    return Optional.empty();
  }

  /** The mount of a lease; an error naming both when it is not mounted. */
  Mount require(LeaseRecord lease) {
    return get(lease.mount())
        .orElseThrow(
            () ->
                new NotFoundException(
                    "lease "
                        + lease.id()
                        + " belongs to mount '"
                        + lease.mount()
                        + "', which is not mounted"));
  }

  /**
   * The mount of a lease, when an engine of the lease's type is mounted there.
   *
   * @throws NotFoundException if nothing is mounted at the lease's mount path
   * @throws LessorException if an engine of another type is mounted there
   */
  Mount requireFor(LeaseRecord lease) {
    Mount mount = require(lease);
    String mismatch = mismatch(lease, mount);
    if (mismatch != null) {
      throw new LessorException(mismatch);
    }
    return mount;
  }

  /** Why {@code mount}'s engine may not handle {@code lease}, or null when it may. */
  static String mismatch(LeaseRecord lease, Mount mount) {
    String needed = lease.engine();
    String mounted = mount.engine().type();
    if (needed.equals(LeaseRecord.UNKNOWN_ENGINE) || needed.equals(mounted)) {
      return null;
    }
    return "lease "
        + lease.id()
        + " was issued by an engine of type '"
        + needed
        + "', but '"
        + mount.path()
        + "' has an engine of type '"
        + mounted
        + "'; it waits until a '"
        + needed
        + "' engine is mounted there";
  }

  /**
   * The mount whose path is the longest prefix of {@code requestPath} ({@code aws} finds aws/), or
   * null: no Optional, since every request asks.
   */
  Mount find(String requestPath) {
    for (Mount mount : mounts) {
      String prefix = mount.path();
      if (requestPath.startsWith(prefix)
          || (requestPath.length() == prefix.length() - 1 && prefix.startsWith(requestPath))) {
        return mount;
      }
    }
    return null;
  }

  /**
   * Makes {@code mount} refuse new requests; its leases can still be revoked.
   *
   * @return false if it is being unmounted already
   */
  boolean beginUnmount(Mount mount) {
    return mount.gate().close();
  }

  /** Makes {@code mount} take requests again after an unmount that failed. */
  void cancelUnmount(Mount mount) {
    mount.gate().reopen();
  }

  List<String> paths() {
    return mounts.stream().map(Mount::path).sorted().toList();
  }

  List<SecretsEngine> engines() {
    return mounts.stream().map(Mount::engine).toList();
  }
}
