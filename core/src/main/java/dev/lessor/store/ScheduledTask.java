package dev.lessor.store;

import dev.lessor.engine.SecretsEngine;
import java.time.Instant;
import java.util.Objects;

/**
 * Work that an engine asked to have done at a time, such as rotating an access key: kept in the
 * {@link LeaseStore} beside the leases, claimed when due by the same revocation loop (one wake-up
 * for leases and tasks), and handed to the engine's {@link SecretsEngine#runTask}, which does the
 * work and says when the task is due next.
 *
 * <p>A task is not a lease: it is never counted, listed, revoked or reported as one. Like a lease
 * it is claimed by pushing its due time to a claim deadline, so that with several instances on one
 * store exactly one runs it, and the task of an instance that died is run by another once the
 * deadline passes. Immutable; the {@code with...} methods return changed copies.
 *
 * @param id the mount path followed by the engine's name for the task, such as {@code
 *     aws/static-roles/app}; unique in the store
 * @param mount the mount path of the engine that scheduled it, such as {@code aws/}
 * @param engine the {@link SecretsEngine#type() type} of that engine: only an engine of this type
 *     runs it
 * @param dueTime when it next runs; while an instance runs it, the claim deadline
 * @param attempts failed runs since the last one that succeeded
 * @param lastError why the last run failed (never a secret), or {@code null}
 * @param version the write count, managed by the store
 */
public record ScheduledTask(
    String id,
    String mount,
    String engine,
    Instant dueTime,
    int attempts,
    String lastError,
    long version) {

  public ScheduledTask {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(mount, "mount");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(dueTime, "dueTime");
    if (!id.startsWith(mount) || id.length() == mount.length()) {
      throw new IllegalArgumentException(
          "a task id must be its mount path followed by a name, was " + id + " on " + mount);
    }
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
    }
  }

  /** A new task: no attempts, no error, version 0. */
  public static ScheduledTask of(String mount, String name, String engine, Instant dueTime) {
    return new ScheduledTask(mount + name, mount, engine, dueTime, 0, null, 0);
  }

  /** The engine's name for the task: the id without the mount path. */
  public String name() {
    return id.substring(mount.length());
  }

  public ScheduledTask withDueTime(Instant newDueTime) {
    return new ScheduledTask(id, mount, engine, newDueTime, attempts, lastError, version);
  }

  /** This task after a failed run. */
  public ScheduledTask withFailure(int newAttempts, String error) {
    return new ScheduledTask(id, mount, engine, dueTime, newAttempts, error, version);
  }

  public ScheduledTask withVersion(long newVersion) {
    return new ScheduledTask(id, mount, engine, dueTime, attempts, lastError, newVersion);
  }
}
