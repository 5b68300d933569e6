package dev.lessor.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Runs tasks on several threads that start together, for the store contract suites. */
final class ConcurrentRuns {
  private static final long WAIT_SECONDS = 30;

  private ConcurrentRuns() {}

  /**
   * Runs one task per thread index, all released at once, and returns their results in index order;
   * fails if any task fails or they do not all finish within a bound.
   */
  static <T> List<T> run(int threads, IntFunction<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<T> task = tasks.apply(i);
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(WAIT_SECONDS, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }
}
