package dev.lessor.aws;

import dev.lessor.LeaseEvent;
import dev.lessor.LeaseListener;
import dev.lessor.LessorException;
import dev.lessor.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The refresh state machine of a {@link LessorCredentialsProvider}: which credential callers get,
 * when the next one is fetched, and what happens when fetching fails.
 *
 * <p>One refresh (an attempt) runs at a time, on the executor. It renews the current lease when
 * that still gains time, and mints a new credential otherwise; a new one becomes current (the
 * switch) only when it works, and the previous one is retired: revoked after the overlap. Before
 * minting, leases still in their overlap are revoked at once, so a provider never holds more than
 * two live leases. A failed attempt keeps the current credential, tells the callers waiting for
 * one, and is tried again after a doubling backoff. A lease revoked from outside or expired drops
 * the current credential, so the next call mints at once.
 *
 * <p>Thread-safe: state changes under one lock; the current credential is also in a volatile field
 * that the SDK's hot path reads without locking. Nothing slow (Lessor calls, listeners, waking
 * callers) happens under the lock.
 */
final class CredentialRotation implements LeaseListener {
  private static final Logger log = LoggerFactory.getLogger(CredentialRotation.class);

  private final String path;
  private final Clock clock;
  private final Executor executor;
  private final RefreshTiming timing;
  private final ProviderEvents events;
  private final Retirements retirements;
  private final CredentialRefresh refresh;
  private final Runnable release;

  private volatile HeldCredential current;

  private final Object lock = new Object();
  // guarded by lock
  private boolean closed;
  private boolean released;
  private boolean attemptRunning;
  private CompletableFuture<HeldCredential> waiters;
  private final RefreshTimer refreshTimer;
  private final RefreshFailures failures;

  CredentialRotation(ProviderSettings s, Scheduler scheduler, Executor executor, Runnable release) {
    this.path = s.path();
    this.clock = s.clock();
    this.refreshTimer = new RefreshTimer(scheduler, this::due);
    this.executor = executor;
    CredentialMinter minter = new CredentialMinter(s);
    this.timing = new RefreshTiming(s);
    this.events = new ProviderEvents(s.path(), s.clock(), s.listener());
    this.retirements =
        new Retirements(minter, scheduler, executor, events, s.overlap(), this::releaseIfIdle);
    this.refresh = new CredentialRefresh(clock, minter, timing, events, retirements);
    this.failures = new RefreshFailures(s.retryBackoff());
    this.release = release;
  }

  /** The credential in use, or null; may be stale (the caller checks). */
  HeldCredential current() {
    return current;
  }

  /**
   * A future of a usable credential: done at once when one is held; otherwise the running attempt
   * or a new one completes it, or fails it with the attempt's error.
   *
   * @throws IllegalStateException if the provider is closed
   * @throws LessorException if none is held and an attempt failed within the retry backoff
   */
  CompletableFuture<HeldCredential> request() {
    boolean start = false;
    CompletableFuture<HeldCredential> future;
    synchronized (lock) {
      requireOpen();
      HeldCredential held = current;
      if (held != null && clock.millis() < held.staleAtMillis()) {
        return CompletableFuture.completedFuture(held);
      }
      Throwable recent = attemptRunning ? null : failures.recent(clock.instant());
      if (recent != null) {
        throw noCredential(held, recent);
      }
      if (waiters == null) {
        waiters = new CompletableFuture<>();
      }
      future = waiters;
      if (!attemptRunning) {
        attemptRunning = true;
        start = true;
      }
    }
    if (start) {
      executeAttempt();
    }
    return future;
  }

  /** The error for a caller left without a usable credential. */
  LessorException noCredential(HeldCredential held, Throwable cause) {
    return RefreshFailures.noCredential(path, held, cause);
  }

  void requireOpen() {
    synchronized (lock) {
      if (closed) {
        throw closedError();
      }
    }
  }

  /** Starts an attempt now unless one runs already; the scheduler's refresh task. */
  private void due() {
    synchronized (lock) {
      if (closed || attemptRunning) {
        return;
      }
      attemptRunning = true;
    }
    executeAttempt();
  }

  private void executeAttempt() {
    try {
      executor.execute(this::attempt);
    } catch (RejectedExecutionException e) {
      failed(e);
    }
  }

  private void attempt() {
    CredentialRefresh.Result result;
    try {
      result = refresh.run(current);
    } catch (Throwable t) { // a refresh survives anything: it is tried again after the backoff
      failed(t);
      return;
    }
    succeeded(result.credential(), result.renewed());
  }

  private void succeeded(HeldCredential result, boolean renewed) {
    CompletableFuture<HeldCredential> woken;
    boolean revokeResult = false;
    synchronized (lock) {
      attemptRunning = false;
      woken = waiters;
      waiters = null;
      if (closed) {
        revokeResult = !renewed; // a renewed lease is the one close() took care of
      } else {
        HeldCredential previous = current;
        current = result;
        failures.reset();
        scheduleRefresh(result);
        if (!renewed && previous != null && !previous.id().equals(result.id())) {
          retirements.retire(previous.id());
        }
      }
    }
    if (revokeResult) {
      retirements.revokeNow(result.id());
      if (woken != null) {
        woken.completeExceptionally(closedError());
      }
      releaseIfIdle();
      return;
    }
    events.publish(
        renewed ? CredentialEvent.Type.RENEWED : CredentialEvent.Type.SWITCHED, result.id());
    if (woken != null) {
      woken.complete(result);
    }
  }

  private void failed(Throwable error) {
    CompletableFuture<HeldCredential> woken;
    Duration pause;
    int failed;
    synchronized (lock) {
      attemptRunning = false;
      failed = failures.record(error, clock.instant());
      pause = timing.backoff(failed);
      woken = waiters;
      waiters = null;
      if (!closed) {
        refreshTimer.in(pause);
      }
    }
    log.warn(
        "refreshing the credentials for {} failed ({} in a row), retrying in {}: {}",
        path,
        failed,
        pause,
        error.toString());
    events.publish(CredentialEvent.Type.REFRESH_FAILED, null, error.toString());
    if (woken != null) {
      woken.completeExceptionally(error);
    }
    releaseIfIdle();
  }

  // with lock held
  private void scheduleRefresh(HeldCredential held) {
    Instant at = timing.refreshAt(held.from(), held.lease().expireTime());
    refreshTimer.in(Duration.between(clock.instant(), at));
  }

  /** A lease of the provider revoked from outside or expired: the next call mints at once. */
  @Override
  public void onEvent(LeaseEvent event) {
    LeaseEvent.Type type = event.type();
    if (type != LeaseEvent.Type.REVOKED
        && type != LeaseEvent.Type.EXPIRED
        && type != LeaseEvent.Type.IRREVOCABLE) {
      return;
    }
    String id = event.lease().id();
    synchronized (lock) {
      HeldCredential held = current;
      if (closed || held == null || !held.id().equals(id)) {
        return; // not the lease in use: a retired one, or another provider's
      }
      current = null;
      refreshTimer.in(Duration.ZERO);
    }
    events.publish(CredentialEvent.Type.LOST, id, "lease " + type.name().toLowerCase());
  }

  /**
   * Closes: nothing new starts, waiting callers fail, and the current lease is revoked after the
   * overlap ({@code now}: it and those in their overlap are revoked on this thread at once).
   */
  void close(boolean now) {
    List<String> revokeNow = new ArrayList<>();
    CompletableFuture<HeldCredential> woken;
    synchronized (lock) {
      closed = true;
      refreshTimer.cancel();
      HeldCredential held = current;
      current = null;
      if (held != null) {
        if (now) {
          revokeNow.add(held.id());
        } else {
          retirements.retire(held.id());
        }
      }
      woken = waiters;
      waiters = null;
    }
    if (now) {
      revokeNow.addAll(retirements.takeAll());
    }
    if (woken != null) {
      woken.completeExceptionally(closedError());
    }
    revokeNow.forEach(retirements::revokeNow);
    releaseIfIdle();
  }

  private IllegalStateException closedError() {
    return new IllegalStateException("the credentials provider for " + path + " is closed");
  }

  /** After close, once no attempt runs and no lease waits: stops the provider's threads. */
  private void releaseIfIdle() {
    synchronized (lock) {
      if (!closed || released || attemptRunning || retirements.size() > 0) {
        return;
      }
      released = true;
    }
    release.run();
  }

  /** The ids of the live leases the provider holds: the current one and those in overlap. */
  List<String> liveLeases() {
    List<String> ids = new ArrayList<>(retirements.ids());
    HeldCredential held = current;
    if (held != null) {
      ids.add(0, held.id());
    }
    return ids;
  }
}
