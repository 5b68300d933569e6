package dev.lessor.store;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares what the leases issued under one path have in common (mount, engine type, path) between
 * them, so that {@link StoredLease} holds one reference where it held three: at a million leases
 * that is 8 bytes each. Bounded: past {@value #MAX} distinct paths a lease gets an origin of its
 * own. Thread-safe.
 */
final class Origins {
  private static final int MAX = 10_000;

  /** The mount, engine type and path of a lease. */
  record Origin(String mount, String engine, String path) {
    boolean matches(LeaseRecord r) {
      return mount.equals(r.mount()) && engine.equals(r.engine()) && path.equals(r.path());
    }
  }

  private final ConcurrentHashMap<String, Origin> byPath = new ConcurrentHashMap<>();

  /** The shared origin of {@code record}. */
  Origin of(LeaseRecord record) {
    Origin known = byPath.get(record.path());
    if (known != null && known.matches(record)) {
      return known;
    }
    Origin origin = new Origin(record.mount(), record.engine(), record.path());
    if (byPath.size() < MAX) {
      byPath.put(record.path(), origin); // a path now issued by another mount or engine replaces it
    }
    return origin;
  }
}
