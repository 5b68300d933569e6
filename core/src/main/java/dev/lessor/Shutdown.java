package dev.lessor;

import dev.lessor.engine.SecretsEngine;
import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of {@link Lessor#close()}: refuse new requests and wait (bounded) for those in flight;
 * stop the revocation loop; with a store that is not durable, revoke every live lease (bounded,
 * concurrently on the revocation workers, before they stop), since nothing else ever would; stop
 * the threads Lessor owns; close the engines.
 */
final class Shutdown {
  private static final Logger log = LoggerFactory.getLogger(Shutdown.class);

  private final RequestGate gate;
  private final RevocationLoop loop;
  private final LeaseStore store;
  private final BulkRevocation bulk;
  private final MountTable mounts;
  private final ClaimKeeper claims;
  private final Activations activations;
  private final Runnable stopOwnedThreads;
  private final Duration timeout;

  Shutdown(
      RequestGate gate,
      RevocationLoop loop,
      LeaseStore store,
      BulkRevocation bulk,
      MountTable mounts,
      ClaimKeeper claims,
      Activations activations,
      Runnable stopOwnedThreads,
      Duration timeout) {
    this.gate = gate;
    this.loop = loop;
    this.store = store;
    this.bulk = bulk;
    this.mounts = mounts;
    this.claims = claims;
    this.activations = activations;
    this.stopOwnedThreads = stopOwnedThreads;
    this.timeout = timeout;
  }

  /** Runs the steps once; later calls do nothing. */
  void run() {
    if (!gate.close()) {
      return;
    }
    int running = gate.awaitIdle(deadline());
    if (running > 0) {
      log.warn("closing with {} request(s) still running after {}", running, timeout);
    }
    activations.close(); // no request runs now: no activation starts after this
    loop.close();
    if (!store.durable()) {
      revokeLiveLeases();
    }
    claims.close();
    stopOwnedThreads.run();
    for (SecretsEngine engine : mounts.engines()) {
      try {
        engine.close();
      } catch (RuntimeException e) {
        log.warn("engine {} failed to close", engine.getClass().getSimpleName(), e);
      }
    }
  }

  private void revokeLiveLeases() {
    List<String> ids = store.list("");
    if (ids.isEmpty()) {
      return;
    }
    log.info(
        "closing: revoking {} live lease(s), since the lease store {} is not durable",
        ids.size(),
        store.getClass().getSimpleName());
    BulkRevocation.Result result = bulk.revoke(ids, deadline());
    for (String id : store.list("")) {
      Optional<LeaseRecord> left = store.get(id);
      if (left.isEmpty()) {
        continue;
      }
      LessorException error = result.failed().get(id);
      String why =
          error != null
              ? error.getMessage()
              : result.unfinished().contains(id)
                  ? "not done within " + timeout
                  : String.valueOf(left.get().lastError());
      log.error(
          "lease {} (path {}) could not be revoked before close, and the lease store is not"
              + " durable, so nothing will ever revoke it: delete {} by hand. Cause: {}",
          id,
          left.get().path(),
          describe(left.get()),
          why);
    }
  }

  /** What the engine says the secret is; never fails the close. */
  private String describe(LeaseRecord lease) {
    try {
      return mounts.get(lease.mount()).map(m -> m.engine().describe(lease)).orElse("its secret");
    } catch (RuntimeException e) {
      return "its secret";
    }
  }

  private long deadline() {
    return System.nanoTime() + timeout.toNanos();
  }
}
