package dev.lessor;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay. Lessor holds at most one scheduled wake-up at a time (the next expiry,
 * or the next poll of a shared store), never one task per lease, and the task it schedules only
 * hands work to the revocation workers: it does no I/O on the scheduler's thread.
 *
 * <p>Tests pass a scheduler driven by a manual clock (see {@code dev.lessor.testing}) so that time
 * moves without sleeping. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Scheduler {

  /**
   * Schedules {@code task} to run once after {@code delay} (zero or negative: as soon as possible).
   *
   * @return a handle that cancels the task if it has not run yet
   */
  Cancellable schedule(Runnable task, Duration delay);

  /** A scheduler over a host's {@link ScheduledExecutorService}, which the host keeps owning. */
  static Scheduler of(ScheduledExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    return new Scheduler() {
      @Override
      public Cancellable schedule(Runnable task, Duration delay) {
        long nanos;
        try {
          nanos = Math.max(0, delay.toNanos());
        } catch (ArithmeticException e) {
          nanos = Long.MAX_VALUE; // centuries away
        }
        var future = executor.schedule(task, nanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
      }

      @Override
      public String toString() {
        return "Scheduler.of(" + executor.getClass().getSimpleName() + ")";
      }
    };
  }

  /** Cancels a scheduled task. */
  @FunctionalInterface
  interface Cancellable {
    /** Cancels the task if it has not started; does nothing otherwise. */
    void cancel();
  }
}
