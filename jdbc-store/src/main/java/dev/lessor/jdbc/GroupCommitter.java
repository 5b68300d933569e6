package dev.lessor.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Batches concurrent writes into one transaction and one durable commit (group commit).
 *
 * <p>A durable commit costs a disk sync (H2) or a WAL flush and a round trip (PostgreSQL), and that
 * cost, not the statements, bounds how many leases a store can write per second. So a writer does
 * not commit alone: it queues its work, and whichever writer finds no flush running becomes the
 * flusher of the moment. It takes everything queued (up to a batch limit), runs it in one
 * transaction, commits once, and wakes the writers of that batch. Writers that arrived meanwhile
 * form the next batch. No thread of its own: the flush runs on a caller's thread, and every caller
 * returns only once its own work is committed and durable.
 *
 * <p>If any statement of a batch fails, the batch is rolled back and each work is run again in a
 * transaction of its own, so that one failing write (a duplicate id, a deadlock) fails only its
 * caller and a failed call changes nothing. If the commit itself fails, every caller of the batch
 * gets that error. An {@link Error} during a flush rolls the batch back and fails every caller of
 * the batch with it as the cause; the next writers flush as usual. Thread-safe.
 */
final class GroupCommitter {
  private final DataSource dataSource;
  private final Dialect dialect;
  private final int maxBatch;
  private final Duration bound;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition flushed = lock.newCondition();
  private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>();
  private boolean flushing;

  GroupCommitter(DataSource dataSource, Dialect dialect, int maxBatch) {
    this(dataSource, dialect, maxBatch, Database.DEFAULT_STATEMENT_BOUND);
  }

  /**
   * @param bound how long each statement of a batch may wait for a lock or run
   */
  GroupCommitter(DataSource dataSource, Dialect dialect, int maxBatch, Duration bound) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.maxBatch = maxBatch;
    this.bound = bound;
  }

  /** Runs {@code work} in a committed, durable transaction, possibly shared with other callers. */
  <T> T submit(SqlWork<T> work) throws SQLException {
    Pending<T> mine = new Pending<>(work);
    lock.lock();
    try {
      queue.add(mine);
      while (!mine.done) {
        if (flushing) {
          flushed.awaitUninterruptibly();
          continue;
        }
        flushing = true;
        List<Pending<?>> batch = new ArrayList<>();
        while (!queue.isEmpty() && batch.size() < maxBatch) {
          batch.add(queue.poll());
        }
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
          flushing = false;
          flushed.signalAll();
        }
      }
    } finally {
      lock.unlock();
    }
    return mine.result();
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

  private void flush(List<Pending<?>> batch) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = beginTransaction(c);
      try {
        if (batch.size() == 1) {
          runAlone(c, batch.get(0));
        } else {
          runTogether(c, batch);
        }
      } catch (Throwable t) {
        // Restoring auto-commit below would commit whatever half of the batch had run.
        rollbackQuietly(c);
        throw t;
      } finally {
        endTransaction(c, autoCommit);
      }
    } catch (SQLException | RuntimeException e) {
      batch.forEach(p -> p.failIfOpen(e));
    }
  }

  private void runTogether(Connection c, List<Pending<?>> batch) throws SQLException {
    try {
      dialect.boundTransaction(c, bound);
      for (Pending<?> p : batch) {
        p.runTentatively(c);
      }
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(c);
      for (Pending<?> p : batch) {
        runAlone(c, p);
      }
      return;
    }
    c.commit();
    dialect.makeDurable(c);
    batch.forEach(Pending::confirm);
  }

  private void runAlone(Connection c, Pending<?> p) throws SQLException {
    try {
      // Again for each: the rollback of a failed batch ended the bound set for it.
      dialect.boundTransaction(c, bound);
      p.runTentatively(c);
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(c);
      p.fail(e);
      return;
    }
    c.commit();
    dialect.makeDurable(c);
    p.confirm();
  }

  static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // The connection is broken; closing it discards the transaction anyway.
    }
  }

  /**
   * Turns auto-commit off for a transaction; returns whether it was on, for {@link
   * #endTransaction}. A host's pool may hand out connections either way.
   */
  static boolean beginTransaction(Connection c) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    if (autoCommit) {
      c.setAutoCommit(false);
    }
    return autoCommit;
  }

  /** Gives the connection back to the pool in the auto-commit mode it came in. */
  static void endTransaction(Connection c, boolean autoCommit) {
    try {
      if (autoCommit) {
        c.setAutoCommit(true);
      }
    } catch (SQLException ignored) {
      // A broken connection: the pool drops it.
    }
  }

  /** One caller's work and, once its batch is done, its result or error. Guarded by the lock. */
  private static final class Pending<T> {
    private final SqlWork<T> work;
    private T tentative;
    private T result;
    private Throwable error;
    volatile boolean done;

    Pending(SqlWork<T> work) {
      this.work = work;
    }

    void runTentatively(Connection c) throws SQLException {
      tentative = work.run(c);
    }

    void confirm() {
      result = tentative;
      done = true;
    }

    void fail(Throwable e) {
      error = e;
      done = true;
    }

    void failIfOpen(Throwable e) {
      if (!done) {
        fail(e);
      }
    }

    T result() throws SQLException {
      if (error instanceof SQLException sql) {
        throw sql;
      }
      if (error instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (error != null) {
        // An Error in the flush, perhaps on another writer's thread: whether the commit happened
        // is unknown, as after a lost connection.
        throw new SQLException("the group commit of this write failed: " + error, error);
      }
      return result;
    }
  }
}
