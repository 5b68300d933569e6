package dev.lessor.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches concurrent writes into one transaction and one durable commit (group commit).
 *
 * <p>A durable commit costs a disk sync (SQLite) or a WAL flush and a round trip (PostgreSQL), and
 * that cost, not the statements, bounds how many leases a store can write per second. So a writer
 * does not commit alone: it queues its work, and whichever writer finds no flush running becomes
 * the flusher of the moment. It takes everything queued (up to a batch limit), runs it in one
 * transaction, commits once, and wakes the writers of that batch. Writers that arrived meanwhile
 * form the next batch. The flush runs on a caller's thread, and every {@link #submit} caller
 * returns only once its own work is committed and durable.
 *
 * <p>A deferred write ({@link #submitLater}) is queued the same way, but its caller goes on: it
 * rides in a later batch that a waiting writer flushes, or, when no writer comes within {@link
 * #DEFAULT_LINGER}, a thread of the committer's own flushes it. A waiting writer's batch takes the
 * deferred writes once {@link #CARRY_AT} of them are queued or the oldest has waited half the
 * linger, not one by one: from one thread issuing leases, a commit then carries the activations of
 * several leases beside the next lease's insert, and the index pages at the ACTIVE end (due times
 * at expiry) are written once for all of them rather than once per lease. The commit's cost grows
 * with the pages it writes, so this is what makes one durable write per lease cheaper than two. The
 * committer's thread exists only while deferred writes are about (it ends after {@link #IDLE}
 * without any); {@link #close()} flushes what is queued and stops it.
 *
 * <p>If any statement of a batch fails, the batch is rolled back and each work is run again in a
 * transaction of its own, so that one failing write (a duplicate id, a deadlock) fails only its
 * caller and a failed call changes nothing. If the commit itself fails, every caller of the batch
 * gets that error. An {@link Error} during a flush rolls the batch back and fails every caller of
 * the batch with it as the cause; the next writers flush as usual. Thread-safe.
 */
final class GroupCommitter implements AutoCloseable {
  /** How long a deferred write waits for a waiting writer to carry it before it is flushed. */
  static final Duration DEFAULT_LINGER = Duration.ofMillis(5);

  /** How long the deferred writes' thread stays without work before it ends. */
  private static final long IDLE = TimeUnit.SECONDS.toNanos(30);

  /**
   * How many deferred writes a waiting writer's batch carries at least, unless they waited long.
   */
  static final int CARRY_AT = 8;

  private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

  private final DataSource dataSource;
  private final Dialect dialect;
  private final Duration bound;
  private final long lingerNanos;
  private final LongSupplier nanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition flushed = lock.newCondition();
  private final Condition queuedDeferred = lock.newCondition();
  private final CommitQueue queue;
  private boolean flushing;
  private boolean lingering; // the deferred writes' thread runs
  private boolean lingerIdle; // it waits for a deferred write with none queued
  private long commitNanos; // a moving average of how long a batch takes to commit; guarded by lock
  private boolean closed;

  GroupCommitter(DataSource dataSource, Dialect dialect, int maxBatch) {
    this(dataSource, dialect, maxBatch, Database.DEFAULT_STATEMENT_BOUND, DEFAULT_LINGER);
  }

  /**
   * @param bound how long each statement of a batch may wait for a lock or run
   * @param linger how long a deferred write waits for a waiting writer's batch
   */
  GroupCommitter(
      DataSource dataSource, Dialect dialect, int maxBatch, Duration bound, Duration linger) {
    this(dataSource, dialect, maxBatch, bound, linger, System::nanoTime);
  }

  /**
   * @param nanos the time on {@link System#nanoTime()}'s scale; tests move it by hand
   */
  GroupCommitter(
      DataSource dataSource,
      Dialect dialect,
      int maxBatch,
      Duration bound,
      Duration linger,
      LongSupplier nanos) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.bound = bound;
    this.lingerNanos = linger.toNanos();
    this.nanos = nanos;
    this.queue = new CommitQueue(maxBatch, CARRY_AT, lingerNanos / 2);
  }

  /** Runs {@code work} in a committed, durable transaction, possibly shared with other callers. */
  <T> T submit(SqlWork<T> work) throws SQLException {
    CommitWork<T> mine = CommitWork.waited(work, nanos.getAsLong());
    lock.lock();
    try {
      queue.add(mine);
      while (!mine.done) {
        if (flushing) {
          flushed.awaitUninterruptibly();
        } else {
          flushNextBatch(false);
        }
      }
    } finally {
      lock.unlock();
    }
    return mine.result();
  }

  /**
   * Queues {@code work} without waiting for it: the future completes with its result once it is
   * committed and durable, or with its error ({@link SQLException} or unchecked). Its callbacks run
   * on the thread that flushed it, without the committer's lock: they must be quick.
   */
  <T> CompletableFuture<T> submitLater(SqlWork<T> work) {
    CommitWork<T> mine = CommitWork.deferred(work, nanos.getAsLong());
    lock.lock();
    try {
      if (closed) {
        mine.fail(new SQLException("the store is closed"));
        return mine.future();
      }
      queue.add(mine);
      if (!lingering) {
        lingering = true;
        Thread thread = new Thread(this::lingerLoop, "lessor-group-commit");
        thread.setDaemon(true);
        thread.start();
      } else if (lingerIdle) {
        // Otherwise it waits for an older write's deadline, which comes first anyway: no wake-up
        // (a context switch) per deferred write.
        queuedDeferred.signal();
      }
    } finally {
      lock.unlock();
    }
    return mine.future();
  }

  /** How many writes wait for the next flush; for tests. */
  int queued() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Whether the deferred writes' thread waits with no deferred write queued; for tests. */
  boolean lingerIdle() {
    lock.lock();
    try {
      return lingerIdle;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Flushes every queued write, deferred ones too, on the caller's thread, and refuses deferred
   * writes from now on; the deferred writes' thread ends. Writes that wait are still taken.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      queuedDeferred.signalAll();
      while (!queue.isEmpty() || flushing) {
        if (flushing) {
          flushed.awaitUninterruptibly();
        } else {
          flushNextBatch();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The deferred writes' thread: flushes what has waited {@code linger} with no waiting writer to
   * carry it. Survives any Throwable: deferred writes left unflushed would never complete.
   */
  private void lingerLoop() {
    lock.lock();
    try {
      while (true) {
        try {
          if (queue.isEmpty()) {
            if (closed || awaitIdle() <= 0 && queue.isEmpty()) {
              break;
            }
            continue;
          }
          long wait = queue.oldestQueuedAt() + lingerNanos - nanos.getAsLong();
          if (wait > 0 && !closed) {
            queuedDeferred.awaitNanos(wait);
          } else if (flushing) {
            flushed.awaitUninterruptibly();
          } else {
            flushNextBatch();
          }
        } catch (InterruptedException e) {
          // Nobody interrupts this thread but a JVM shutting down: what is queued is flushed by
          // close(), or lost with the process like any write not yet acknowledged.
          break;
        } catch (Throwable e) {
          log.warn("the group commit of deferred writes failed; going on", e);
        }
      }
    } finally {
      lingering = false;
      lock.unlock();
    }
  }

  /** With the lock held: waits for a deferred write; the nanoseconds left of {@link #IDLE}. */
  private long awaitIdle() throws InterruptedException {
    lingerIdle = true;
    try {
      return queuedDeferred.awaitNanos(IDLE);
    } finally {
      lingerIdle = false;
    }
  }

  /** With the lock held and no flush running: flushes the next batch, without the lock. */
  private void flushNextBatch() {
    flushNextBatch(true);
  }

  /**
   * With the lock held and no flush running: flushes the next batch, without the lock. A waiting
   * writer's batch ({@code everything} false) leaves young deferred writes queued while fewer than
   * {@link #CARRY_AT} are (see the class comment), if commits are quick enough for that to pay.
   */
  private void flushNextBatch(boolean everything) {
    flushing = true;
    long start = nanos.getAsLong();
    // Holding young deferred writes back pays only while several commits fit in the carry window;
    // with slow commits (PostgreSQL, ~10 ms) the linger thread would commit each one alone.
    boolean holdYoung = !everything && commitNanos * CARRY_AT < lingerNanos / 2;
    List<CommitWork<?>> batch = queue.nextBatch(!holdYoung, start);
    lock.unlock();
    try {
      flush(batch);
    } catch (Throwable t) {
      // An Error (OutOfMemoryError, StackOverflowError...) escaped the flush. Its writers must
      // hear of it: left undone, they would flush empty batches, taking a connection each time,
      // forever. The flusher's own write fails like the others; the committer goes on.
      batch.forEach(p -> p.failIfOpen(t));
    } finally {
      lock.lock();
      commitNanos = (commitNanos * 7 + (nanos.getAsLong() - start)) / 8;
      flushing = false;
      flushed.signalAll();
    }
  }

  private void flush(List<CommitWork<?>> batch) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = Transactions.begin(c);
      try {
        if (batch.size() == 1) {
          runAlone(c, batch.get(0));
        } else {
          runTogether(c, batch);
        }
      } catch (Throwable t) {
        // Restoring auto-commit below would commit whatever half of the batch had run.
        Transactions.rollbackQuietly(c);
        throw t;
      } finally {
        Transactions.end(c, autoCommit);
      }
    } catch (SQLException | RuntimeException e) {
      batch.forEach(p -> p.failIfOpen(e));
    }
  }

  private void runTogether(Connection c, List<CommitWork<?>> batch) throws SQLException {
    try {
      dialect.boundTransaction(c, bound);
      for (CommitWork<?> p : batch) {
        p.runTentatively(c);
      }
    } catch (SQLException | RuntimeException e) {
      Transactions.rollbackQuietly(c);
      for (CommitWork<?> p : batch) {
        runAlone(c, p);
      }
      return;
    }
    c.commit();
    dialect.makeDurable(c);
    batch.forEach(CommitWork::confirm);
  }

  private void runAlone(Connection c, CommitWork<?> p) throws SQLException {
    try {
      // Again for each: the rollback of a failed batch ended the bound set for it.
      dialect.boundTransaction(c, bound);
      p.runTentatively(c);
    } catch (SQLException | RuntimeException e) {
      Transactions.rollbackQuietly(c);
      p.fail(e);
      return;
    }
    c.commit();
    dialect.makeDurable(c);
    p.confirm();
  }
}
