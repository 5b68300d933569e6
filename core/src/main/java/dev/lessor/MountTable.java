package dev.lessor;

import dev.lessor.spi.LeaseRecord;
import dev.lessor.spi.SecretsEngine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The mounted engines. Reads are lock-free over an immutable snapshot; mounting and unmounting
 * replace it under the table's lock.
 */
final class MountTable {
  private static final Pattern MOUNT_PATH = Pattern.compile("([A-Za-z0-9_.-]+/)+");

  /** Longest path first, so the first prefix that matches is the longest. */
  private volatile List<Mount> mounts = List.of();

  /** Mounts being unmounted: they take no new requests but still revoke their leases. */
  private final Set<Mount> closing = ConcurrentHashMap.newKeySet();

  static void validatePath(String path) {
    if (!MOUNT_PATH.matcher(path).matches()) {
      throw new InvalidRequestException(
          "path",
          "a mount path is one or more segments of letters, digits, '_', '.', '-', each ending in"
              + " '/', such as aws/ (was '"
              + path
              + "')");
    }
  }

  /** Checks that {@code engine} may be mounted at {@code path}, before the engine is prepared. */
  void checkAvailable(String path, SecretsEngine engine) {
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

  synchronized void add(Mount mount) {
    checkAvailable(mount.path(), mount.engine());
    List<Mount> next = new ArrayList<>(mounts);
    next.add(mount);
    next.sort(Comparator.comparingInt((Mount m) -> m.path().length()).reversed());
    mounts = List.copyOf(next);
  }

  synchronized Optional<Mount> remove(String path) {
    Optional<Mount> found = get(path);
    found.ifPresent(m -> mounts = mounts.stream().filter(other -> other != m).toList());
    found.ifPresent(closing::remove);
    return found;
  }

  Optional<Mount> get(String path) {
    return mounts.stream().filter(m -> m.path().equals(path)).findFirst();
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

  /** The mount whose path is the longest prefix of {@code requestPath} ({@code aws} finds aws/). */
  Optional<Mount> route(String requestPath) {
    for (Mount mount : mounts) {
      if (requestPath.startsWith(mount.path()) || (requestPath + "/").equals(mount.path())) {
        return Optional.of(mount);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code mount} is mounted and takes requests. */
  boolean isOpen(Mount mount) {
    return mounts.contains(mount) && !closing.contains(mount);
  }

  /** Makes {@code mount} refuse new requests; its leases can still be revoked. */
  void beginUnmount(Mount mount) {
    closing.add(mount);
  }

  /** Makes {@code mount} take requests again after an unmount that failed. */
  void cancelUnmount(Mount mount) {
    closing.remove(mount);
  }

  List<String> paths() {
    return mounts.stream().map(Mount::path).sorted().toList();
  }

  List<SecretsEngine> engines() {
    return mounts.stream().map(Mount::engine).toList();
  }
}
