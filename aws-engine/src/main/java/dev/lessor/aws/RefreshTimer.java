package dev.lessor.aws;

import dev.lessor.Scheduler;
import java.time.Duration;

/**
 * The one pending refresh of a {@link CredentialRotation}: setting it cancels the one before. Not
 * thread-safe: the rotation guards it with its lock.
 */
final class RefreshTimer {
  private final Scheduler scheduler;
  private final Runnable due;
  private Scheduler.Cancellable pending;

  RefreshTimer(Scheduler scheduler, Runnable due) {
    this.scheduler = scheduler;
    this.due = due;
  }

  /** Runs the refresh after {@code delay}, instead of the one pending. */
  void in(Duration delay) {
    cancel();
    pending = scheduler.schedule(due, delay);
  }

  void cancel() {
    if (pending != null) {
      pending.cancel();
      pending = null;
    }
  }
}
