package dev.lessor.store;

import dev.lessor.LeaseState;
import dev.lessor.LeaseStats;
import dev.lessor.LessorException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where lease records live, with an index on {@link LeaseRecord#dueTime()}.
 *
 * <p>Several Lessor instances may share one store. Writes are optimistic: {@link #update} succeeds
 * only if the stored version is the one the caller read, and {@link #claimDue} hands each due lease
 * to exactly one caller by pushing its due time to a claim deadline in the same atomic step.
 *
 * <p>Instants are kept to at least microsecond precision: a record whose instants are whole
 * microseconds reads back equal to the record stored, and {@link #claimDue} compares due times at
 * that precision. Finer parts may be truncated.
 *
 * <p>Implementations must be thread-safe. Failures are thrown as {@link dev.lessor.LessorException}
 * (retryable where the database may come back); a failed call changes nothing.
 */
public interface LeaseStore extends AutoCloseable {

  /**
   * Whether the records outlive this process, so that the next start (or another instance) revokes
   * what this one issued. A Lessor whose store is not durable revokes every live lease when it is
   * closed, because nothing else ever would.
   */
  boolean durable();

  /**
   * A stable identity of this store: the same for every instance and every start that uses the same
   * records, different for another store. Engines tag what they create with it, so that a sweep for
   * leftovers touches only what this store's leases issued, never another deployment's. A store
   * that is not durable may use a random id per instance.
   */
  String storeId();

  /**
   * Stores a new record, durably before returning. Its version is stored as given.
   *
   * @throws IllegalStateException if a record with this id exists
   */
  void insert(LeaseRecord record);

  /**
   * Replaces the stored record with {@code record} if the stored version equals {@code
   * record.version()}, storing it with version + 1.
   *
   * @return the stored record, or empty when the record is gone or was changed meanwhile
   */
  Optional<LeaseRecord> update(LeaseRecord record);

  /**
   * Makes a PENDING record ACTIVE, due at its expiry: the write that ends an issue. It means
   * exactly {@code update(pending.withState(ACTIVE).withDueTime(pending.expireTime()))}, which the
   * default does; a store may do it more cheaply (the in-memory store flips the stored record in
   * place, allocating no new entry).
   *
   * @param pending the pending record as last stored
   * @return the active record as stored (version + 1), or empty when the record is gone or was
   *     changed meanwhile
   */
  default Optional<LeaseRecord> activate(LeaseRecord pending) {
    return update(pending.withState(LeaseState.ACTIVE).withDueTime(pending.expireTime()));
  }

  /**
   * Whether {@link #activateLater} batches activations so that its caller waits for no durable
   * write; the default is false, and then the core activates with {@link #activate} and waits, as a
   * store whose writes are cheap (the in-memory one) should. A durable store that groups its
   * commits says true: the core then no longer waits for the ACTIVE write of an issue (see {@code
   * dev.lessor.Activations} for the rules that keep every handed-out credential covered).
   */
  default boolean batchesActivation() {
    return false;
  }

  /**
   * Starts {@link #activate} without waiting for it: the write goes with the store's next batch.
   * The future completes with what {@link #activate} would return once the write is durable, or
   * with the store's error (the write may then have happened or not: a later {@link #get} tells). A
   * store that says {@link #batchesActivation()} must return without I/O on the caller's thread;
   * the future's callbacks may run on the store's threads and must be quick. The default activates
   * at once.
   *
   * @param pending the pending record as last stored
   */
  default CompletableFuture<Optional<LeaseRecord>> activateLater(LeaseRecord pending) {
    try {
      return CompletableFuture.completedFuture(activate(pending));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The record with this id. */
  Optional<LeaseRecord> get(String id);

  /** Deletes the record; whether it existed. */
  boolean delete(String id);

  /** Lease ids starting with {@code prefix}, sorted; {@code ""} gives every id. No task ids. */
  List<String> list(String prefix);

  /**
   * Calls {@code action} with each record whose id starts with {@code prefix}, in no particular
   * order, so that revoking a prefix walks the records once instead of listing, sorting and reading
   * each id. A record written during the walk may be seen or not. The default does {@link #list}
   * and {@link #get} for each id; a store may override it with one pass.
   */
  default void scan(String prefix, Consumer<? super LeaseRecord> action) {
    for (String id : list(prefix)) {
      get(id).ifPresent(action);
    }
  }

  /**
   * Takes up to {@code limit} records whose due time is at or before {@code now}, earliest first,
   * and in the same atomic step sets each one's due time to {@code claimUntil} and bumps its
   * version. Concurrent callers never receive the same record for one due time.
   *
   * @return the claimed records as now stored
   */
  List<LeaseRecord> claimDue(Instant now, Instant claimUntil, int limit);

  /**
   * The earliest due time of any record, if there is one. A store may answer early (the revocation
   * loop then claims nothing and asks again), never late.
   */
  Optional<Instant> nextDueTime();

  /** Up to {@code limit} records in {@code state}, earliest due first. */
  List<LeaseRecord> findByState(LeaseState state, int limit);

  /** How many lease records there are; {@link ScheduledTask tasks} are not counted. */
  long count();

  /**
   * The records counted by mount and state, with the earliest expiry of each group, for {@link
   * dev.lessor.LeaseManager#stats monitoring}; only groups that have records, in any order. Called
   * at most once per the monitoring's maximum age, not on the issue or expiry path.
   *
   * <p>The default reads every record one by one (skipping one that cannot be read); a store over a
   * database should override it with one aggregate query ({@code GROUP BY mount, state}).
   */
  default List<LeaseStats.Group> groups() {
    LeaseTally tally = new LeaseTally();
    for (String id : list("")) {
      try {
        get(id).ifPresent(tally::add);
      } catch (LessorException unreadable) {
        // an unreadable record is reported where it is used; it is not a lease to count here
      }
    }
    return tally.groups();
  }

  // Scheduled tasks: kept beside the leases, in a place of their own (see ScheduledTask). The
  // defaults keep none, so that a store written before tasks existed still works for leases.

  /**
   * Whether this store keeps {@link ScheduledTask scheduled tasks}; the default is false, and then
   * {@link #putTask} refuses every task and the other task methods find none.
   */
  default boolean keepsTasks() {
    return false;
  }

  /**
   * Stores {@code task}, replacing the task with its id whatever that one's version (a reschedule
   * wins over a run under way, whose own {@link #updateTask} then finds the version changed),
   * durably before returning. A new task is stored with {@code task.version()}, a replaced one with
   * the stored version + 1.
   *
   * @return the task as stored
   * @throws UnsupportedOperationException if the store {@link #keepsTasks() keeps no tasks}
   */
  default ScheduledTask putTask(ScheduledTask task) {
    throw new UnsupportedOperationException(
        getClass().getName() + " keeps no scheduled tasks (" + task.id() + ")");
  }

  /**
   * Replaces the stored task with {@code task} if the stored version equals {@code task.version()},
   * storing it with version + 1.
   *
   * @return the stored task, or empty when it is gone or was changed meanwhile
   */
  default Optional<ScheduledTask> updateTask(ScheduledTask task) {
    return Optional.empty();
  }

  /** The task with this id. */
  default Optional<ScheduledTask> getTask(String id) {
    return Optional.empty();
  }

  /** Deletes the task; whether it existed. */
  default boolean deleteTask(String id) {
    return false;
  }

  /**
   * Deletes every task whose id starts with {@code prefix} (a mount path, when it is unmounted);
   * how many there were.
   */
  default int deleteTasks(String prefix) {
    return 0;
  }

  /**
   * Takes up to {@code limit} tasks whose due time is at or before {@code now}, earliest first, and
   * in the same atomic step sets each one's due time to {@code claimUntil} and bumps its version,
   * exactly as {@link #claimDue} does for leases. Concurrent callers never receive the same task
   * for one due time.
   */
  default List<ScheduledTask> claimDueTasks(Instant now, Instant claimUntil, int limit) {
    return List.of();
  }

  /** The earliest due time of any task, if there is one; early is allowed, late is not. */
  default Optional<Instant> nextTaskDueTime() {
    return Optional.empty();
  }

  /** Releases connections or files; the default does nothing. */
  @Override
  default void close() {}
}
