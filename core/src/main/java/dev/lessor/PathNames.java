package dev.lessor;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares request path strings between the leases issued under one path, so that a million leases of
 * {@code aws/creds/deploy} hold one copy of it, not a million (a caller that builds its path per
 * call hands in a new string each time). Bounded: past {@value #MAX} distinct paths new ones are
 * kept as given. Thread-safe.
 */
final class PathNames {
  private static final int MAX = 10_000;
  private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>();

  /** The shared string equal to {@code path}. */
  String share(String path) {
    String shared = names.get(path);
    if (shared != null) {
      return shared;
    }
    if (names.size() >= MAX) {
      return path;
    }
    shared = names.putIfAbsent(path, path);
    return shared == null ? path : shared;
  }
}
