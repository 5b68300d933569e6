package dev.lessor.bench;

import dev.lessor.LeaseState;
import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The parent's checks after a kill, each store call bounded: a call that does not return within the
 * bound (a row that spins forever) ends the probe with {@link Stuck}. Not thread-safe: one probe.
 */
final class ProbeCheck implements AutoCloseable {
  /** A store call that exceeded its bound; its thread is lost, so the probe stops. */
  static final class Stuck extends Exception {
    Stuck(String what) {
      super(what);
    }
  }

  private final Duration bound;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "probe-check");
            t.setDaemon(true); // a stuck call must not keep the JVM alive
            return t;
          });

  long lostInserts;
  long lostActivations;
  long lostDeletes;
  long lostEarlier;
  long rewritten;

  /** The rows the previous cycle left, each with the version the parent's rewrite gave it. */
  private Map<String, Long> kept = new HashMap<>();

  private String keptPrefix;

  /** The prefix whose rows the previous check deleted. */
  private String deletedPrefix;

  ProbeCheck(Duration bound) {
    this.bound = bound;
  }

  <T> T bounded(String what, Callable<T> call) throws Stuck, Exception {
    Future<T> f = worker.submit(call);
    try {
      return f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new Stuck(what + " did not return within " + bound.toSeconds() + " s");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    }
  }

  /** Checks one cycle's acknowledged writes, the earlier cycle's rows, and rewrites every row. */
  void check(LeaseStore store, String cyclePrefix, ProbeLedger ledger) throws Exception {
    for (String id : ledger.inserted) {
      Optional<LeaseRecord> row = bounded("get " + id, () -> store.get(id));
      if (ledger.deleted.contains(id)) {
        lostDeletes += row.isPresent() ? 1 : 0;
      } else if (row.isEmpty()) {
        // An activated even lease is deleted next: the kill may have come after its delete
        // committed and before the child printed it. Anything else absent was lost.
        lostInserts += ledger.activated.contains(id) && deletedNext(id) ? 0 : 1;
      } else if (ledger.activated.contains(id) && row.get().state() != LeaseState.ACTIVE) {
        lostActivations++;
      }
    }
    // Rows the previous cycle verified and rewrote must have survived this cycle's kill.
    for (Map.Entry<String, Long> e : kept.entrySet()) {
      Optional<LeaseRecord> row = bounded("get " + e.getKey(), () -> store.get(e.getKey()));
      if (row.isEmpty() || row.get().version() != e.getValue()) {
        lostEarlier++;
      }
      if (row.isPresent()) {
        bounded("delete " + e.getKey(), () -> store.delete(e.getKey()));
      }
    }
    if (deletedPrefix != null) {
      // The parent's deletes of the previous check were acknowledged: none may come back.
      String gone = deletedPrefix;
      lostDeletes += bounded("list " + gone, () -> store.list(gone)).size();
    }
    deletedPrefix = keptPrefix;
    keptPrefix = cyclePrefix;
    kept = rewriteAll(store, cyclePrefix);
  }

  /**
   * Whether the child deletes {@code id} after activating it: every other lease, see ProbeChild.
   */
  private static boolean deletedNext(String id) {
    return Long.parseLong(id.substring(id.lastIndexOf('/') + 1)) % 2 == 0;
  }

  /** Every row of the cycle, acknowledged or in flight at the kill, must take one more write. */
  private Map<String, Long> rewriteAll(LeaseStore store, String cyclePrefix) throws Exception {
    List<String> ids = bounded("list " + cyclePrefix, () -> store.list(cyclePrefix));
    Map<String, Long> versions = new HashMap<>();
    for (String id : ids) {
      Optional<LeaseRecord> row = bounded("get " + id, () -> store.get(id));
      if (row.isEmpty()) {
        continue;
      }
      LeaseRecord r = row.get();
      LeaseRecord next = r.toBuilder().attempts(r.attempts() + 1).build();
      Optional<LeaseRecord> written = bounded("update " + id, () -> store.update(next));
      if (written.isEmpty()) {
        throw new IllegalStateException("update of " + id + " found another version");
      }
      versions.put(id, written.get().version());
      rewritten++;
    }
    return versions;
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
