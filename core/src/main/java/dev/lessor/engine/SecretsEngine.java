package dev.lessor.engine;

import dev.lessor.store.LeaseRecord;
import dev.lessor.store.ScheduledTask;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A secrets engine: issues secrets on its paths and revokes them when their leases end.
 *
 * <p>The core calls {@link #mount} once, then routes requests through the returned {@link
 * PathRouter}. A handler that issues a secret first calls {@link Request#beginLease} with the
 * internal data {@link #revoke} will need, and only then calls anything outside the process: this
 * is what guarantees that no credential exists without a durable lease.
 *
 * <p>Implementations must be thread-safe: handlers, renewals and revocations run concurrently on
 * callers' threads and on the revocation workers. An engine instance is mounted at most once.
 */
public interface SecretsEngine extends AutoCloseable {

  /**
   * Prepares the engine at {@code context.path()} and returns its paths. Must not start threads or
   * connect anywhere yet; do that lazily on the first request.
   */
  PathRouter mount(MountContext context);

  /**
   * The name of this kind of engine, such as {@code aws}, recorded with every lease it issues. A
   * lease is revoked only by an engine of the same type: when another kind of engine is mounted at
   * an old path, the old leases wait (with a warning) instead of going to the wrong engine. Must
   * stay the same across versions of the engine. The default is the class's full name.
   */
  default String type() {
    return getClass().getName();
  }

  /**
   * Deletes the secret behind {@code lease}. Must be idempotent: a secret that is already gone is
   * success. Called for expired, revoked and rolled-back leases, including pending leases whose
   * secret may exist only in part or not at all.
   *
   * @throws dev.lessor.RetryLaterException when the engine cannot tell yet whether the secret is
   *     gone (a provider's eventual consistency); the lease is looked at again then, and the wait
   *     uses up no retry attempt
   * @throws dev.lessor.LessorException on failure; the lease is retried with backoff unless the
   *     exception is {@link dev.lessor.LessorException#permanent() permanent}
   */
  void revoke(LeaseRecord lease);

  /**
   * Names the secret behind {@code lease} for an operator who may have to delete it by hand, such
   * as {@code IAM user lessor-my-role-...}: logged when a lease can never be revoked automatically.
   * Never a secret value. The default names nothing beyond the lease id the log shows anyway.
   */
  default String describe(LeaseRecord lease) {
    return "the secret of lease " + lease.id();
  }

  /**
   * Agrees to renew {@code lease} and says for how long. The core counts the new TTL from now and
   * caps it at the lease's maximum. The default accepts with the mount's defaults.
   *
   * @param increment the TTL the caller asked for, or zero for the default
   * @throws dev.lessor.OperationNotSupportedException if this engine's secrets cannot be renewed
   */
  default LeaseTerms renew(LeaseRecord lease, Duration increment) {
    return LeaseTerms.defaults();
  }

  /**
   * Runs a {@link ScheduledTask task} this engine scheduled through {@link MountContext#tasks()},
   * now due and claimed by this instance, and says when it is due next. Called on a revocation
   * worker; with several instances on one store, on one instance at a time (as long as the run
   * takes less than the Lessor's claim timeout, after which another instance may claim it again).
   * It must be safe to run again after a crash part-way: decide from the engine's own stored state
   * what is left to do, not from the mere fact of being called.
   *
   * @return when to run it next, or empty to delete the task
   * @throws dev.lessor.RetryLaterException to run it again at a given time, using up no attempt
   * @throws RuntimeException on failure: the task is run again with the Lessor's retry backoff
   *     (never given up), and once it failed as often as the retry policy's attempts, each failure
   *     is logged at ERROR and reported to the task listeners
   */
  default Optional<Instant> runTask(ScheduledTask task) {
    throw new UnsupportedOperationException(
        getClass().getName() + " schedules no tasks, but was handed " + task.id());
  }

  /** Releases what the engine holds (clients, connections). Called on unmount and on close. */
  @Override
  default void close() {}
}
