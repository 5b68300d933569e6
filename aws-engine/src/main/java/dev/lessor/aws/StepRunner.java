package dev.lessor.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent IAM calls at the same time: those of one mint (inline policy, managed policies,
 * groups, access key) and those of one revocation (the deletes of what hangs on a user).
 * Thread-safe; {@link AutoCloseable}, stops its threads on close.
 *
 * <p>Threads are started on demand and end after a minute idle, up to a bound; past the bound the
 * calling thread runs the step itself, so a burst of mints slows down instead of queueing without
 * limit or failing.
 */
final class StepRunner implements AutoCloseable {
  private static final int MAX_THREADS = 16;
  private static final AtomicInteger POOL_IDS = new AtomicInteger();

  private final ThreadPoolExecutor executor;

  StepRunner() {
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
            new ThreadPoolExecutor.CallerRunsPolicy());
  }

  /** What running the steps gave: each step's result or failure, in the order given. */
  record Outcome(List<Object> results, List<Throwable> failures) {
    Outcome {
      results = java.util.Collections.unmodifiableList(new ArrayList<>(results));
      failures = List.copyOf(failures);
    }

    boolean failed() {
      return !failures.isEmpty();
    }
  }

  /**
   * Runs every step and waits for all of them, even when one fails, so that the caller knows what
   * exists before it rolls back. The first step runs on the calling thread, which would otherwise
   * only wait: one hand-off fewer per call.
   */
  Outcome runAll(List<Callable<Object>> steps) {
    List<Future<Object>> futures = new ArrayList<>();
    for (Callable<Object> step : steps.subList(Math.min(1, steps.size()), steps.size())) {
      futures.add(executor.submit(step));
    }
    List<Object> results = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    if (!steps.isEmpty()) {
      try {
        results.add(steps.get(0).call());
      } catch (Exception e) {
        results.add(null);
        failures.add(e);
      }
    }
    boolean interrupted = false;
    for (Future<Object> future : futures) {
      while (true) {
        try {
          results.add(future.get());
          break;
        } catch (ExecutionException e) {
          results.add(null);
          failures.add(e.getCause());
          break;
        } catch (InterruptedException e) {
          // Keep waiting: returning early would leave steps running behind the rollback.
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return new Outcome(results, failures);
  }

  @Override
  public void close() {
    executor.shutdown();
  }
}
