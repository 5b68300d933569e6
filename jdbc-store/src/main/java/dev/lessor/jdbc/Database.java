package dev.lessor.jdbc;

import dev.lessor.LessorException;
import dev.lessor.UpstreamException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;

/**
 * The connection side of the JDBC stores: reads on auto-commit connections, writes through the
 * group committer, claims in a transaction of their own, and database errors translated. Shared by
 * the lease store and the storage of one {@link JdbcStores}. Thread-safe.
 */
final class Database {
  private final DataSource dataSource;
  private final DataSource reads;
  private final Dialect dialect;
  private final String name;
  private final GroupCommitter committer;
  private final Duration bound;
  private volatile boolean closed;

  /**
   * @param name how messages name this store, such as {@code H2 store at /var/lib/app}
   * @param maxBatch the most writes one commit carries; 1 commits every write alone
   */
  /** How long a statement may wait for a lock or run unless the builder says otherwise. */
  static final Duration DEFAULT_STATEMENT_BOUND = Duration.ofSeconds(30);

  Database(DataSource dataSource, Dialect dialect, String name, int maxBatch) {
    this(dataSource, dataSource, dialect, name, maxBatch, DEFAULT_STATEMENT_BOUND);
  }

  /**
   * @param writes connections for writes and claims
   * @param reads connections for reads
   * @param bound how long a statement of a write or claim may wait for a lock or run
   */
  Database(
      DataSource writes,
      DataSource reads,
      Dialect dialect,
      String name,
      int maxBatch,
      Duration bound) {
    this.dataSource = writes;
    this.reads = reads;
    this.dialect = dialect;
    this.name = name;
    this.bound = bound;
    this.committer =
        maxBatch > 1
            ? new GroupCommitter(writes, dialect, maxBatch, bound, GroupCommitter.DEFAULT_LINGER)
            : null;
  }

  Dialect dialect() {
    return dialect;
  }

  String name() {
    return name;
  }

  /** Runs read-only statements on an auto-commit connection. */
  <T> T read(String operation, SqlWork<T> work) {
    ensureOpen();
    try (Connection c = reads.getConnection()) {
      T result = work.run(c);
      if (!c.getAutoCommit()) {
        // A host pool without auto-commit: end the read's transaction rather than leave it open.
        c.rollback();
      }
      return result;
    } catch (SQLException e) {
      throw error(operation, e);
    }
  }

  /**
   * Runs {@code work} in a committed transaction, durable before it returns, batched with
   * concurrent writers. Throws the database's error as is, for callers that act on its SQLState.
   */
  <T> T write(SqlWork<T> work) throws SQLException {
    ensureOpen();
    return committer != null ? committer.submit(work) : transaction(work, true);
  }

  /** Whether writes are batched, so that {@link #writeLater} costs its caller no commit. */
  boolean batches() {
    return committer != null;
  }

  /**
   * Runs {@code work} like {@link #write} without waiting: it rides in the next batch of the group
   * committer. The future completes with the result once durable, or with the error translated.
   * Without batching ({@link #batches()} false) it runs now, on the caller's thread.
   */
  <T> CompletableFuture<T> writeLater(String operation, SqlWork<T> work) {
    CompletableFuture<T> written;
    if (closed) {
      written = CompletableFuture.failedFuture(new LessorException(name + " is closed"));
    } else if (committer == null) {
      try {
        written = CompletableFuture.completedFuture(transaction(work, true));
      } catch (SQLException e) {
        written = CompletableFuture.failedFuture(e);
      }
    } else {
      written = committer.submitLater(work);
    }
    return written.handle(
        (result, e) -> {
          Throwable cause = e instanceof CompletionException ce ? ce.getCause() : e;
          if (cause == null) {
            return result;
          }
          throw cause instanceof SQLException sql
              ? error(operation, sql)
              : cause instanceof RuntimeException runtime
                  ? runtime
                  : new CompletionException(cause);
        });
  }

  /** {@link #write} with errors translated. */
  <T> T write(String operation, SqlWork<T> work) {
    try {
      return write(work);
    } catch (SQLException e) {
      throw error(operation, e);
    }
  }

  /** Runs {@code sql}, whose one parameter is {@code key}, as a {@link #write}; the row count. */
  int update(String operation, String sql, String key) {
    return write(
        operation,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            return ps.executeUpdate();
          }
        });
  }

  /**
   * Runs {@code work} in a transaction of its own, not batched: for work that holds row locks
   * (claims), where sharing a transaction would hold them longer. Not made durable: a claim lost in
   * a crash only lets the lease be claimed again.
   */
  <T> T transaction(String operation, SqlWork<T> work) {
    ensureOpen();
    try {
      return transaction(work, false);
    } catch (SQLException e) {
      throw error(operation, e);
    }
  }

  /**
   * Runs a claim's {@code work}: in the next batch of the group committer where the dialect lets
   * claims share commits (SQLite), so that the revocation loop's claims and the deletes of the
   * revocations in flight cost one commit rather than one each; otherwise in a {@link #transaction}
   * of its own. {@code work} may run more than once (a batch that fails is run again write by
   * write), and its result is taken only from the run that committed.
   */
  <T> T claim(String operation, SqlWork<T> work) {
    if (committer == null || !dialect.claimsShareCommits()) {
      return transaction(operation, work);
    }
    return write(operation, work);
  }

  private <T> T transaction(SqlWork<T> work, boolean durable) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = Transactions.begin(c);
      try {
        dialect.boundTransaction(c, bound);
        T result = work.run(c);
        c.commit();
        if (durable) {
          dialect.makeDurable(c);
        }
        return result;
      } catch (Throwable e) {
        // Any failure, Errors too: restoring auto-commit below would commit the half-done work.
        Transactions.rollbackQuietly(c);
        throw e;
      } finally {
        Transactions.end(c, autoCommit);
      }
    }
  }

  /** How many writes wait for the next group commit; for tests. */
  int queuedWrites() {
    return committer == null ? 0 : committer.queued();
  }

  UpstreamException error(String operation, SQLException e) {
    return SqlErrors.translate(name, operation, e);
  }

  /** Refuses new work; deferred writes already queued are flushed before this returns. */
  void close() {
    closed = true;
    if (committer != null) {
      committer.close();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new LessorException(name + " is closed");
    }
  }
}
