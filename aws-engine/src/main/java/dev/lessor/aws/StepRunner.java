package dev.lessor.aws;

import dev.lessor.LessorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent IAM calls at the same time: those of one mint (inline policy, managed policies,
 * groups, access key) and those of one revocation (the deletes of what hangs on a user).
 * Thread-safe; {@link AutoCloseable}, stops its threads on close.
 *
 * <p>Threads are started on demand and end after a minute idle, up to a bound; past the bound the
 * calling thread runs the step itself, so a burst of mints slows down instead of queueing without
 * limit or failing.
 *
 * <p>No step vanishes and no caller waits forever: once closed, {@link #runAll} fails every step at
 * once without running it; closing wakes the callers still waiting, their unfinished steps failed
 * (and their threads interrupted); a caller that is interrupted stops waiting the same way; and no
 * caller waits longer than the bound given at construction. A failed step may still have reached
 * AWS, which is why callers delete by listing, never by what the steps returned.
 */
final class StepRunner implements AutoCloseable {
  /** The longest a caller waits for its steps; the SDK's own timeouts normally end them sooner. */
  static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(5);

  private static final int MAX_THREADS = 16;
  private static final AtomicInteger POOL_IDS = new AtomicInteger();

  private final ThreadPoolExecutor executor;
  private final Duration maxWait;
  private final Set<FutureTask<Object>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  StepRunner() {
    this(DEFAULT_MAX_WAIT);
  }

  StepRunner(Duration maxWait) {
    this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
    int pool = POOL_IDS.incrementAndGet();
    AtomicInteger threadIds = new AtomicInteger();
    executor =
        new ThreadPoolExecutor(
            0,
            MAX_THREADS,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "lessor-aws-" + pool + "-" + threadIds.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            (task, ex) -> {
              // CallerRunsPolicy would silently drop the task once shut down, and its future
              // would never complete: refuse it loudly instead.
              if (ex.isShutdown()) {
                throw new RejectedExecutionException("closed");
              }
              task.run(); // saturated: the caller runs the step itself
            });
  }

  /** What running the steps gave: each step's result or failure, in the order given. */
  record Outcome(List<Object> results, List<Throwable> failures) {
    Outcome {
      results = Collections.unmodifiableList(new ArrayList<>(results));
      failures = List.copyOf(failures);
    }

    boolean failed() {
      return !failures.isEmpty();
    }
  }

  /**
   * Runs every step and waits for all of them, even when one fails, so that the caller knows what
   * exists before it rolls back; within the bound, and until this runner is closed or the caller
   * interrupted, which fail the steps not finished (the interrupt flag is kept).
   */
  Outcome runAll(List<Callable<Object>> steps) {
    List<FutureTask<Object>> tasks = new ArrayList<>(steps.size());
    for (Callable<Object> step : steps) {
      tasks.add(start(step));
    }
    long deadline = System.nanoTime() + maxWait.toNanos();
    List<Object> results = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    boolean interrupted = false;
    for (FutureTask<Object> task : tasks) {
      Object result = null;
      Throwable failure = null;
      try {
        result =
            interrupted
                ? task.get(0, TimeUnit.NANOSECONDS)
                : task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        failure = e.getCause();
      } catch (CancellationException e) {
        failure = closed();
      } catch (TimeoutException e) {
        task.cancel(true);
        failure =
            interrupted
                ? new LessorException("interrupted while an AWS call of this request ran")
                : new LessorException(
                    "an AWS call of this request did not finish within " + maxWait);
      } catch (InterruptedException e) {
        // Stop waiting: the steps not finished are abandoned, and fail.
        interrupted = true;
        task.cancel(true);
        failure = new LessorException("interrupted while an AWS call of this request ran");
      }
      results.add(result);
      if (failure != null) {
        failures.add(failure);
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return new Outcome(results, failures);
  }

  /** Hands {@code step} to a thread; a step refused because the runner is closed fails at once. */
  private FutureTask<Object> start(Callable<Object> step) {
    FutureTask<Object> task =
        new FutureTask<>(step) {
          @Override
          protected void done() {
            inFlight.remove(this);
          }
        };
    inFlight.add(task);
    if (closed) {
      task.cancel(false); // close() may have looked at inFlight before the add
      return task;
    }
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      task.cancel(false);
    }
    return task;
  }

  private static LessorException closed() {
    return new LessorException(
        "the AWS engine was closed while this request ran; its AWS call was not made or abandoned");
  }

  /** Refuses new steps, fails those in flight and wakes their callers. */
  @Override
  public void close() {
    closed = true;
    executor.shutdown();
    for (FutureTask<Object> task : inFlight) {
      task.cancel(true);
    }
  }
}
