package dev.lessor.jdbc;

import dev.lessor.LessorException;
import dev.lessor.UpstreamException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
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
    this.committer = maxBatch > 1 ? new GroupCommitter(writes, dialect, maxBatch, bound) : null;
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

  private <T> T transaction(SqlWork<T> work, boolean durable) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = GroupCommitter.beginTransaction(c);
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
        GroupCommitter.rollbackQuietly(c);
        throw e;
      } finally {
        GroupCommitter.endTransaction(c, autoCommit);
      }
    }
  }

  UpstreamException error(String operation, SQLException e) {
    return SqlErrors.translate(name, operation, e);
  }

  void close() {
    closed = true;
  }

  private void ensureOpen() {
    if (closed) {
      throw new LessorException(name + " is closed");
    }
  }
}
