package dev.lessor;

import dev.lessor.internal.Durations;
import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.store.InMemoryStorage;
import dev.lessor.store.LeaseStore;
import dev.lessor.store.Storage;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds a {@link Lessor}. Each setter checks its argument at once and says what was wrong; {@link
 * #build()} checks the settings together. Not thread-safe; the Lessor it builds is.
 */
public final class LessorBuilder {
  private static final Duration DEFAULT_TTL = Duration.ofHours(768);

  private Clock clock = Clock.systemUTC();
  private Ticker ticker;
  private Scheduler scheduler;
  private Executor revocationExecutor;
  private LeaseStore leaseStore;
  private Storage storage;
  private Duration defaultLeaseTtl; // null: the default, capped at the max
  private Duration maxLeaseTtl = DEFAULT_TTL;
  private int revocationConcurrency = 16;
  private double revocationRatePerSecond;
  private RetryPolicy retryPolicy = RetryPolicy.defaults();
  private Duration pendingTimeout = Duration.ofMinutes(10);
  private Duration claimTimeout = Duration.ofMinutes(5);
  private Duration pollInterval = Duration.ofSeconds(10);
  private Duration mountWait = Duration.ofSeconds(30);
  private Duration closeTimeout = Duration.ofSeconds(30);

  LessorBuilder() {}

  /**
   * The clock for every lease time (issue, expiry, due times in the store); tests pass a manual
   * one. Intervals, rates and timeouts are measured with the {@link #ticker ticker} instead.
   * Default: UTC system clock.
   */
  public LessorBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * The monotonic time for intervals, rates and timeouts (the revocation rate limit, wake-up
   * delays), so that a wall clock stepped back or forward neither stops nor floods revocation.
   * Default: the {@link #clock clock} if it is a {@link Ticker} too (as the testing kit's manual
   * clock is, so that one object drives both), else {@link Ticker#system()}.
   */
  public LessorBuilder ticker(Ticker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    return this;
  }

  /**
   * The scheduler that wakes the revocation loop. Default: one daemon thread of Lessor's own, shut
   * down on close.
   */
  public LessorBuilder scheduler(Scheduler scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    return this;
  }

  /** Wakes the revocation loop on the host's executor, which the host keeps owning. */
  public LessorBuilder scheduler(ScheduledExecutorService executor) {
    return scheduler(Scheduler.of(executor));
  }

  /**
   * The executor that runs revocations (and store reads of the revocation loop). At most {@link
   * #revocationConcurrency} of its tasks run at once. Default: a pool of that many daemon threads
   * of Lessor's own, shut down on close.
   */
  public LessorBuilder revocationExecutor(Executor executor) {
    this.revocationExecutor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /**
   * Where leases live. Default: in memory (a crash loses them: use a durable store in production).
   */
  public LessorBuilder leaseStore(LeaseStore store) {
    this.leaseStore = Objects.requireNonNull(store, "leaseStore");
    return this;
  }

  /** Where engines keep configuration. Default: in memory. */
  public LessorBuilder storage(Storage storage) {
    this.storage = Objects.requireNonNull(storage, "storage");
    return this;
  }

  /**
   * The TTL of a lease whose engine asks for none. Positive; at most {@link #maxLeaseTtl}; default
   * 768h, or the max TTL when that is lower.
   */
  public LessorBuilder defaultLeaseTtl(Duration ttl) {
    this.defaultLeaseTtl = positive(ttl, "defaultLeaseTtl");
    return this;
  }

  /**
   * The most a lease may live, renewals included, from its issue time. Positive; default 768h. A
   * max below the default TTL lowers the default with it, unless {@link #defaultLeaseTtl} was set.
   */
  public LessorBuilder maxLeaseTtl(Duration ttl) {
    this.maxLeaseTtl = positive(ttl, "maxLeaseTtl");
    return this;
  }

  /** How many revocations may run at once, from 1 to 10,000; default 16. */
  public LessorBuilder revocationConcurrency(int concurrency) {
    if (concurrency < 1 || concurrency > 10_000) {
      throw new IllegalArgumentException(
          "revocationConcurrency must be from 1 to 10000, was " + concurrency);
    }
    this.revocationConcurrency = concurrency;
    return this;
  }

  /**
   * The most revocations the automatic loop (expiry, retries, leases left by a crash) starts in any
   * one second, so that a mass expiry or a restart does not trip the provider's rate limits. The
   * sustained rate is about 99 % of it (see {@link
   * dev.lessor.internal.RateLimiter#atMostPerSecond}). Positive; default: no limit.
   */
  public LessorBuilder revocationRateLimit(double perSecond) {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException(
          "revocationRateLimit must be a positive number of revocations per second, was "
              + perSecond);
    }
    this.revocationRatePerSecond = perSecond;
    return this;
  }

  /** How failed revocations are retried. Default: {@link RetryPolicy#defaults()}. */
  public LessorBuilder retryPolicy(RetryPolicy policy) {
    this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
    return this;
  }

  /**
   * How long a lease may stay pending before it counts as left behind by a crash and is revoked.
   * Longer than the slowest issue; positive; default 10 minutes. On a store that batches
   * activations (the JDBC stores), an issue returns before its ACTIVE write is durable; should the
   * process die before that write, the lease is revoked this long after its issue (so never after
   * its expiry), by the next start or another instance.
   */
  public LessorBuilder pendingTimeout(Duration timeout) {
    this.pendingTimeout = positive(timeout, "pendingTimeout");
    return this;
  }

  /**
   * How long an instance owns a due lease it claimed; if it dies, another instance takes the lease
   * after this. Longer than the slowest revocation; positive; default 5 minutes.
   */
  public LessorBuilder claimTimeout(Duration timeout) {
    this.claimTimeout = positive(timeout, "claimTimeout");
    return this;
  }

  /**
   * The longest time between two looks at the lease store, which matters when several instances
   * share it. Positive; default 10 seconds.
   */
  public LessorBuilder pollInterval(Duration interval) {
    this.pollInterval = positive(interval, "pollInterval");
    return this;
  }

  /**
   * How long a due lease whose mount is not mounted waits before it is looked at again. Positive;
   * default 30 seconds.
   */
  public LessorBuilder mountWait(Duration wait) {
    this.mountWait = positive(wait, "mountWait");
    return this;
  }

  /**
   * How long {@link Lessor#close()} waits for the requests in flight and then, when the lease store
   * is not durable, for the revocation of every live lease. Positive; default 30 seconds.
   */
  public LessorBuilder closeTimeout(Duration timeout) {
    this.closeTimeout = positive(timeout, "closeTimeout");
    return this;
  }

  /**
   * Builds the Lessor and starts its revocation loop, which at once takes up any leases left due in
   * the store.
   *
   * @throws IllegalArgumentException if defaultLeaseTtl is longer than maxLeaseTtl
   */
  public Lessor build() {
    Duration defaultTtl =
        defaultLeaseTtl != null
            ? defaultLeaseTtl
            : DEFAULT_TTL.compareTo(maxLeaseTtl) <= 0 ? DEFAULT_TTL : maxLeaseTtl;
    if (defaultTtl.compareTo(maxLeaseTtl) > 0) {
      throw new IllegalArgumentException(
          "defaultLeaseTtl ("
              + defaultTtl
              + ") must not be longer than maxLeaseTtl ("
              + maxLeaseTtl
              + ")");
    }
    LeaseSettings settings =
        new LeaseSettings(
            defaultTtl,
            maxLeaseTtl,
            retryPolicy,
            pendingTimeout,
            claimTimeout,
            pollInterval,
            revocationConcurrency,
            revocationRatePerSecond,
            mountWait,
            closeTimeout);
    ScheduledThreadPoolExecutor ownScheduler = null;
    Scheduler wakeUps = scheduler;
    if (wakeUps == null) {
      ownScheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("lessor-scheduler"));
      ownScheduler.setRemoveOnCancelPolicy(true);
      wakeUps = Scheduler.of(ownScheduler);
    }
    ExecutorService ownWorkers = null;
    Executor workers = revocationExecutor;
    if (workers == null) {
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              revocationConcurrency,
              revocationConcurrency,
              1,
              TimeUnit.MINUTES,
              new LinkedBlockingQueue<>(),
              daemonThreads("lessor-revoker"));
      pool.allowCoreThreadTimeOut(true);
      ownWorkers = pool;
      workers = pool;
    }
    ScheduledExecutorService schedulerToStop = ownScheduler;
    ExecutorService workersToStop = ownWorkers;
    Runnable shutdown =
        () -> {
          if (schedulerToStop != null) {
            schedulerToStop.shutdownNow();
          }
          if (workersToStop != null) {
            workersToStop.shutdown();
            awaitRevocationsInFlight(workersToStop);
          }
        };
    Ticker time = ticker != null ? ticker : clock instanceof Ticker t ? t : Ticker.system();
    return new Lessor(
            clock,
            time,
            leaseStore != null ? leaseStore : new InMemoryLeaseStore(),
            storage != null ? storage : new InMemoryStorage(),
            settings,
            wakeUps,
            workers,
            shutdown)
        .start();
  }

  /**
   * Lets revocations already under way finish (within a bound) before the host closes the store
   * they write to.
   */
  private static void awaitRevocationsInFlight(ExecutorService workers) {
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Duration positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
    if (value.compareTo(Durations.MAX) > 0) {
      throw new IllegalArgumentException(
          name + " must be at most " + Durations.MAX + " (200 years), was " + value);
    }
    return value;
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
