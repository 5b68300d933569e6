package dev.lessor.aws;

import dev.lessor.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider's previous leases, each revoked once the overlap after its switch has passed, so that
 * an SDK request already signed with it can finish. A revocation that fails stays with the Lessor,
 * which retries it in the background; the provider lets go of it. Thread-safe.
 */
final class Retirements {
  private static final Logger log = LoggerFactory.getLogger(Retirements.class);

  private final CredentialMinter minter;
  private final Scheduler scheduler;
  private final Executor executor;
  private final ProviderEvents events;
  private final Duration overlap;
  private final Runnable afterEach;
  private final Map<String, Scheduler.Cancellable> pending = new LinkedHashMap<>();

  Retirements(
      CredentialMinter minter,
      Scheduler scheduler,
      Executor executor,
      ProviderEvents events,
      Duration overlap,
      Runnable afterEach) {
    this.minter = minter;
    this.scheduler = scheduler;
    this.executor = executor;
    this.events = events;
    this.overlap = overlap;
    this.afterEach = afterEach;
  }

  /** Revokes {@code leaseId} once the overlap has passed. */
  synchronized void retire(String leaseId) {
    pending.put(leaseId, scheduler.schedule(() -> handOff(leaseId), overlap));
  }

  /** The scheduler's part: hand the revocation (I/O) to the executor. */
  private void handOff(String leaseId) {
    try {
      executor.execute(() -> due(leaseId));
    } catch (RejectedExecutionException e) {
      due(leaseId); // the executor is shut down: revoke here rather than leave the key working
    }
  }

  private void due(String leaseId) {
    boolean mine;
    synchronized (this) {
      mine = pending.remove(leaseId) != null;
    }
    if (mine) {
      revokeNow(leaseId);
    }
    afterEach.run();
  }

  /** Cancels every waiting revocation and returns those leases, to be revoked at once. */
  synchronized List<String> takeAll() {
    pending.values().forEach(Scheduler.Cancellable::cancel);
    List<String> ids = new ArrayList<>(pending.keySet());
    pending.clear();
    return ids;
  }

  synchronized int size() {
    return pending.size();
  }

  synchronized List<String> ids() {
    return List.copyOf(pending.keySet());
  }

  /** Revokes {@code leaseId} on this thread; a failure is left to the Lessor's retries. */
  void revokeNow(String leaseId) {
    try {
      minter.revoke(leaseId);
      events.publish(CredentialEvent.Type.REVOKED, leaseId);
    } catch (RuntimeException e) {
      // The lease stays with the Lessor, which retries it until it is revoked or irrevocable.
      log.warn("revoking previous credential lease {} failed: {}", leaseId, e.getMessage());
      events.publish(CredentialEvent.Type.REVOKE_FAILED, leaseId, e.getMessage());
    }
  }
}
