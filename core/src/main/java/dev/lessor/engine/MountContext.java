package dev.lessor.engine;

import dev.lessor.store.LeaseStore;
import dev.lessor.store.ScheduledTask;
import dev.lessor.store.Storage;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What the core gives an engine when it is mounted.
 *
 * @param path the mount path, such as {@code aws/}
 * @param storage key/value storage of this mount alone, for configuration and roles
 * @param clock the Lessor's clock: engines read time from it, never from {@code Instant.now()}
 * @param leaseExists whether a lease with the given id exists (in any state); for engines that
 *     sweep the provider for leftovers that no lease covers any more
 * @param storeId the {@link LeaseStore#storeId() identity} of the lease store; engines tag what
 *     they create with it, and sweep only what carries it
 * @param tasks schedules this mount's {@link ScheduledTask tasks}, which the core hands to the
 *     engine's {@link SecretsEngine#runTask} when due
 */
public record MountContext(
    String path,
    Storage storage,
    Clock clock,
    Predicate<String> leaseExists,
    String storeId,
    TaskScheduler tasks) {
  public MountContext {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(leaseExists, "leaseExists");
    Objects.requireNonNull(storeId, "storeId");
    Objects.requireNonNull(tasks, "tasks");
  }

  /** A context whose {@link #tasks()} refuses every task. */
  public MountContext(
      String path, Storage storage, Clock clock, Predicate<String> leaseExists, String storeId) {
    this(path, storage, clock, leaseExists, storeId, TaskScheduler.unsupported());
  }

  /**
   * A context without lease lookups: every lease id counts as existing, so sweeps delete less; the
   * store id is {@code storeId}.
   */
  public MountContext(String path, Storage storage, Clock clock, String storeId) {
    this(path, storage, clock, id -> true, storeId);
  }
}
