package dev.lessor.bench;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The baseline of the issue-path, memory and prefix-revocation figures: what a user would write
 * without Lessor. Each issue calls the engine's work (nothing, like {@link BenchEngine}), makes a
 * random id the way Lessor does, and schedules one {@link ScheduledThreadPoolExecutor} task per
 * lease that revokes it at expiry, its future kept in a {@link ConcurrentHashMap} by id so that an
 * early revocation can cancel it. Thread-safe.
 */
final class HandManager implements AutoCloseable {
  private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
  private final ConcurrentHashMap<String, ScheduledFuture<?>> leases = new ConcurrentHashMap<>();
  private final long ttlMillis;

  HandManager(Duration ttl) {
    this.ttlMillis = ttl.toMillis();
    executor.setRemoveOnCancelPolicy(true);
  }

  /** Issues a lease under {@code path}; returns its id. */
  String issue(String path) {
    String id = LeaseFixtures.randomId(path);
    leases.put(id, executor.schedule(() -> revoke(id), ttlMillis, TimeUnit.MILLISECONDS));
    return id;
  }

  /** Revokes the lease: cancels its task and forgets it; whether it was live. */
  boolean revoke(String id) {
    ScheduledFuture<?> task = leases.remove(id);
    if (task == null) {
      return false;
    }
    task.cancel(false);
    return true;
  }

  /** Revokes every lease whose id starts with {@code prefix}, walking the map once. */
  int revokePrefix(String prefix) {
    int revoked = 0;
    for (Iterator<Map.Entry<String, ScheduledFuture<?>>> it = leases.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, ScheduledFuture<?>> lease = it.next();
      if (lease.getKey().startsWith(prefix)) {
        it.remove();
        lease.getValue().cancel(false);
        revoked++;
      }
    }
    return revoked;
  }

  int size() {
    return leases.size();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
