package dev.lessor;

import dev.lessor.store.LeaseStore;
import dev.lessor.store.ScheduledTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link ScheduledTask tasks} the revocation loop claimed: hands each to its mount's
 * engine and stores the due time the engine returns. A failure is retried with the {@link
 * RetryPolicy}'s backoff and never given up, because a rotation that stops is worse than one that
 * retries: from the policy's {@code maxAttempts} on, each failure is logged at ERROR and reported
 * to the {@link TaskListener}s. A task whose engine is not mounted waits for it, as leases do.
 *
 * <p>Every final write is an optimistic update of the claimed version: when the task was
 * rescheduled or cancelled during the run, that change stands and the run's answer is dropped.
 * Thread-safe.
 */
final class TaskRunner {
  private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
  private static final int MAX_ERROR_LENGTH = 240;
  private static final Duration MIN_WAIT = Duration.ofSeconds(1);

  private final LeaseStore store;
  private final MountTable mounts;
  private final Clock clock;
  private final LeaseSettings settings;
  private final Consumer<Instant> wakeBy;
  private final List<TaskListener> listeners = new CopyOnWriteArrayList<>();

  TaskRunner(
      LeaseStore store,
      MountTable mounts,
      Clock clock,
      LeaseSettings settings,
      Consumer<Instant> wakeBy) {
    this.store = store;
    this.mounts = mounts;
    this.clock = clock;
    this.settings = settings;
    this.wakeBy = wakeBy;
  }

  void addListener(TaskListener listener) {
    listeners.add(listener);
  }

  void removeListener(TaskListener listener) {
    listeners.remove(listener);
  }

  /** Runs a task the loop claimed; never throws. */
  void run(ScheduledTask claimed) {
    Optional<Mount> mount = mounts.get(claimed.mount());
    if (mount.isEmpty() || !mount.get().engine().type().equals(claimed.engine())) {
      log.debug("task {} waits for an engine of type {}", claimed.id(), claimed.engine());
      store.updateTask(claimed.withDueTime(clock.instant().plus(settings.mountWait())));
      return;
    }
    Optional<Instant> next;
    try {
      next = mount.get().engine().runTask(claimed);
    } catch (RetryLaterException e) {
      Instant earliest = clock.instant().plus(MIN_WAIT);
      reschedule(claimed.withDueTime(e.retryAt().isAfter(earliest) ? e.retryAt() : earliest));
      log.info("task {} waits until {}: {}", claimed.id(), e.retryAt(), e.getMessage());
      return;
    } catch (RuntimeException e) {
      failed(claimed, e);
      return;
    }
    if (next.isEmpty()) {
      if (store.getTask(claimed.id()).filter(t -> t.version() == claimed.version()).isPresent()) {
        store.deleteTask(claimed.id());
      }
      log.debug("task {} is done", claimed.id());
      return;
    }
    if (claimed.attempts() > 0) {
      log.info("task {} succeeded after {} failed attempt(s)", claimed.id(), claimed.attempts());
    }
    reschedule(claimed.withFailure(0, null).withDueTime(next.get()));
  }

  private void failed(ScheduledTask claimed, RuntimeException e) {
    int attempts = claimed.attempts() + 1;
    String error = Failures.describe(e);
    error = error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
    RetryPolicy policy = settings.retryPolicy();
    Instant now = clock.instant();
    Instant nextTry = now.plus(policy.backoff(attempts, ThreadLocalRandom.current().nextDouble()));
    reschedule(claimed.withFailure(attempts, error).withDueTime(nextTry));
    if (attempts < policy.maxAttempts()) {
      log.warn(
          "task {} failed (attempt {}), next try at {}: {}",
          claimed.id(),
          attempts,
          nextTry,
          error);
      return;
    }
    log.error(
        "task {} keeps failing ({} attempts in a row), next try at {}: {}",
        claimed.id(),
        attempts,
        nextTry,
        error);
    TaskEvent event = new TaskEvent(claimed.id(), claimed.mount(), attempts, error, nextTry, now);
    for (TaskListener listener : listeners) {
      try {
        listener.onTaskFailing(event);
      } catch (RuntimeException thrown) {
        log.warn("task listener {} failed", listener, thrown);
      }
    }
  }

  private void reschedule(ScheduledTask next) {
    try {
      if (store.updateTask(next).isPresent()) {
        wakeBy.accept(next.dueTime());
      } else {
        log.debug("task {} was changed during its run; the change stands", next.id());
      }
    } catch (RuntimeException e) {
      // the claim lapses at its deadline and the task runs again then
      log.warn("could not store the next run of task {} ({})", next.id(), e.toString());
    }
  }
}
