package dev.lessor.aws;

import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The automated rotation of the root credentials: the scheduled task {@code root-rotation} of the
 * mount, (re)scheduled by each {@code config/root} write and run by the core when due, on one
 * instance at a time. Each run decides from the stored settings and state whether a rotation is due
 * (a run that comes early only says when), rotates through {@link RootRotator} (new key, wait until
 * it works, store, delete the old key), and says when the next is due. A failure goes to the core,
 * which retries with backoff while the old key stays in use. A scheduled moment whose {@code
 * rotation_window} passed (the instances were down) is skipped for the next one. Thread-safe.
 */
final class ScheduledRootRotation {
  static final String TASK = "root-rotation";
  private static final Logger log = LoggerFactory.getLogger(ScheduledRootRotation.class);

  private final MountState state;
  private final RootRotationStore rotations;
  private final RootRotator rotator;

  ScheduledRootRotation(MountState state, RootRotationStore rotations, RootRotator rotator) {
    this.state = state;
    this.rotations = rotations;
    this.rotator = rotator;
  }

  /**
   * Stores the settings of a {@code config/root} write and schedules the next rotation. The task is
   * scheduled before the settings are stored too: a process that dies between the two leaves a task
   * that runs with the settings it finds (and ends itself when they automate nothing), never
   * settings that automate a rotation no task runs. Scheduling again after the store covers a run
   * of that task on another instance meanwhile, which read the settings before this write.
   */
  void apply(RootRotationSettings settings) {
    Instant now = state.clock().instant();
    Optional<Instant> due = settings.nextDue(rotations.state(now).lastRotation(), now);
    due.ifPresent(at -> state.tasks().schedule(TASK, at));
    rotations.putSettings(settings, now);
    if (due.isPresent()) {
      state.tasks().schedule(TASK, due.get());
    } else {
      state.tasks().cancel(TASK);
    }
  }

  /** Runs the task; when it is due next, or empty when rotation is not automated any more. */
  Optional<Instant> run() {
    RootRotationSettings settings = rotations.settings();
    Instant now = state.clock().instant();
    RootRotationStore.State current = rotations.state(now);
    Optional<Instant> due = settings.nextDue(current.lastRotation(), current.since());
    if (due.isEmpty() || now.isBefore(due.get())) {
      return due;
    }
    if (!settings.withinWindow(due.get(), now)) {
      rotations.putState(
          new RootRotationStore.State(current.lastRotation(), now, current.keysBefore()));
      Optional<Instant> next = settings.nextDue(current.lastRotation(), now);
      log.warn(
          "root rotation of mount {} due at {} missed its window of {}; next at {}",
          state.mountPath(),
          due.get(),
          settings.window(),
          next.orElse(null));
      return next;
    }
    rotator.rotateNow(
        warning -> log.warn("scheduled root rotation of mount {}: {}", state.mountPath(), warning));
    RootRotationStore.State after = rotations.state(now);
    return settings.nextDue(after.lastRotation(), after.since());
  }
}
