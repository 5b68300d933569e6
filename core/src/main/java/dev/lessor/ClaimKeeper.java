package dev.lessor;

import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the claims of revocations that run long. A claim lasts {@code claimTimeout}; every third of
 * it, while the revocation still runs, its due time is pushed to a full {@code claimTimeout} from
 * now (an optimistic update with the latest version), so that neither another instance nor this one
 * takes the lease again while it is being revoked.
 *
 * <p>The scheduler only times the extensions: it must do no I/O. The store writes run on a thread
 * of their own, not on the revocation workers, because the claims that need extending are exactly
 * those of revocations that keep every worker busy (a throttled provider); a queue behind them
 * would extend nothing. The thread exists only while there is work (an idle pool of at most one
 * thread), and is stopped on close.
 *
 * <p>Thread-safe. A {@link Claim} serialises its extensions with the final write of its revocation:
 * {@link Claim#finish()} waits for an extension under way and returns the latest record, whose
 * version the final write must use.
 */
final class ClaimKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClaimKeeper.class);

  private final LeaseStore store;
  private final Clock clock;
  private final Scheduler scheduler;
  private final Duration claimTimeout;
  private final Duration period;
  private final ExecutorService writer;

  ClaimKeeper(LeaseStore store, Clock clock, Scheduler scheduler, Duration claimTimeout) {
    this.store = store;
    this.clock = clock;
    this.scheduler = scheduler;
    this.claimTimeout = claimTimeout;
    this.period = claimTimeout.dividedBy(3);
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            0,
            1,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "lessor-claims");
              thread.setDaemon(true);
              return thread;
            });
    this.writer = pool;
  }

  /** Starts keeping the claim of {@code claimed}, a record just claimed from the store. */
  Claim hold(LeaseRecord claimed) {
    Claim claim = new Claim(claimed);
    claim.scheduleNext();
    return claim;
  }

  @Override
  public void close() {
    writer.shutdownNow();
  }

  /** One claimed lease under revocation. */
  final class Claim implements AutoCloseable {
    private LeaseRecord latest; // guarded by this
    private boolean finished; // guarded by this
    private Scheduler.Cancellable next; // guarded by this

    private Claim(LeaseRecord claimed) {
      this.latest = claimed;
    }

    private synchronized void scheduleNext() {
      if (finished) {
        return;
      }
      try {
        next = scheduler.schedule(this::handOver, period);
      } catch (RuntimeException e) {
        log.warn(
            "the scheduler {} refused to time the claim extension of lease {}; the claim lapses"
                + " at {} if the revocation runs that long",
            scheduler,
            latest.id(),
            latest.dueTime(),
            e);
      }
    }

    /** Runs on the scheduler's thread: no I/O here, the writer thread does it. */
    private void handOver() {
      try {
        writer.execute(this::extend);
      } catch (RejectedExecutionException closing) {
        // the Lessor is closing: the claim lapses, as it would if the process ended
      }
    }

    private void extend() {
      synchronized (this) {
        if (finished) {
          return;
        }
        try {
          Optional<LeaseRecord> stored =
              store.update(latest.withDueTime(clock.instant().plus(claimTimeout)));
          if (stored.isPresent()) {
            latest = stored.get();
          } else {
            // changed meanwhile (renewed, or its failure recorded): keep the latest version known
            latest = store.get(latest.id()).orElse(latest);
          }
        } catch (RuntimeException e) {
          log.warn(
              "could not extend the claim of lease {} (due {}); trying again in {}",
              latest.id(),
              latest.dueTime(),
              period,
              e);
        }
      }
      scheduleNext();
    }

    /** Stops extending and returns the latest record, for the revocation's final write. */
    synchronized LeaseRecord finish() {
      finished = true;
      if (next != null) {
        next.cancel();
        next = null;
      }
      return latest;
    }

    @Override
    public void close() {
      finish();
    }
  }
}
