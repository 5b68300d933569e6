package dev.lessor.engine;

import dev.lessor.store.ScheduledTask;
import java.time.Instant;
import java.util.Optional;

/**
 * Schedules the {@link ScheduledTask tasks} of one mount: what an engine uses, through {@link
 * MountContext#tasks()}, to have work done at a time (on this instance or, with a shared store, on
 * whichever instance claims it first). Each task is named relative to the mount; scheduling a name
 * again moves its due time, also while a run of it is under way (the move wins over the time that
 * run returns). Tasks outlive restarts exactly as the store's leases do.
 *
 * <p>Thread-safe. Failures of the store are thrown as {@link dev.lessor.LessorException}.
 */
public interface TaskScheduler {

  /**
   * Makes the task {@code name} due at {@code dueTime}, creating it if needed; its failed attempts
   * start again from zero.
   *
   * @throws UnsupportedOperationException if the lease store keeps no tasks
   */
  void schedule(String name, Instant dueTime);

  /** Deletes the task {@code name}; whether it existed. A run under way finishes. */
  boolean cancel(String name);

  /** When the task {@code name} is due (its claim deadline while it runs), if it exists. */
  Optional<Instant> dueTime(String name);

  /** A scheduler that refuses every task, for contexts made without one. */
  static TaskScheduler unsupported() {
    return new TaskScheduler() {
      @Override
      public void schedule(String name, Instant dueTime) {
        throw new UnsupportedOperationException("this mount context schedules no tasks");
      }

      @Override
      public boolean cancel(String name) {
        return false;
      }

      @Override
      public Optional<Instant> dueTime(String name) {
        return Optional.empty();
      }
    };
  }
}
