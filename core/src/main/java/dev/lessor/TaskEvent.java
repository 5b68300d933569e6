package dev.lessor;

import java.time.Instant;
import java.util.Objects;

/**
 * A scheduled task of an engine (such as the rotation of a key) keeps failing: it failed at least
 * as often as the {@link RetryPolicy#maxAttempts() retry policy's attempts} in a row. The task is
 * not given up: it is tried again at {@code nextTry}, and every further failure is reported too,
 * until a run succeeds.
 *
 * @param taskId the task's id: its mount path and name, such as {@code aws/static-roles/app}
 * @param mount the mount path of the engine, such as {@code aws/}
 * @param attempts failed runs in a row
 * @param error why the last run failed; never a secret
 * @param nextTry when it is tried again
 * @param time when it failed, by the Lessor's clock
 */
public record TaskEvent(
    String taskId, String mount, int attempts, String error, Instant nextTry, Instant time) {
  public TaskEvent {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(mount, "mount");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(nextTry, "nextTry");
    Objects.requireNonNull(time, "time");
  }
}
