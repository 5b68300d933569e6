package dev.lessor;

import dev.lessor.engine.Operation;
import dev.lessor.engine.PathRouter;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routes of one mount's requests, remembered by request path: the router is immutable, so the
 * route of a path never changes, and an application issues its secrets on a few paths over and
 * over. Matching the path, cutting the relative path and the segment values out of it and building
 * the route's parameter map was a sixth of the garbage of each issue; a remembered path costs one
 * map lookup instead. Bounded: past {@value #MAX} paths per operation new ones are routed each time
 * and not kept. Only routes that matched are kept; a path that fails fails again each time. Dies
 * with its mount. Thread-safe.
 */
final class RouteCache {
  static final int MAX = 4_096;

  /**
   * A routed request path.
   *
   * @param relative the path relative to the mount, as the engine sees it
   * @param requestPath the normalized path without a trailing slash, as its leases record it
   * @param route what the router matched
   */
  record Resolved(String relative, String requestPath, PathRouter.Route route) {}

  private final String mountPath;
  private final PathRouter router;

  @SuppressWarnings("unchecked")
  private final ConcurrentHashMap<String, Resolved>[] byOperation =
      new ConcurrentHashMap[Operation.values().length];

  RouteCache(String mountPath, PathRouter router) {
    this.mountPath = mountPath;
    this.router = router;
    for (int i = 0; i < byOperation.length; i++) {
      byOperation[i] = new ConcurrentHashMap<>();
    }
  }

  /**
   * Routes {@code normalized}, a request path without a leading slash under this mount.
   *
   * @throws RuntimeException what {@link PathRouter#route} throws for a path it does not serve
   */
  Resolved resolve(Operation operation, String normalized) {
    ConcurrentHashMap<String, Resolved> known = byOperation[operation.ordinal()];
    Resolved resolved = known.get(normalized);
    if (resolved != null) {
      return resolved;
    }
    String relative =
        normalized.length() > mountPath.length() ? normalized.substring(mountPath.length()) : "";
    resolved =
        new Resolved(relative, stripTrailingSlash(normalized), router.route(operation, relative));
    if (known.size() < MAX) {
      known.putIfAbsent(normalized, resolved);
    }
    return resolved;
  }

  private static String stripTrailingSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
