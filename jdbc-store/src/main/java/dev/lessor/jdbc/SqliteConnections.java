package dev.lessor.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;

/**
 * The connections of a SQLite store: one writer connection that every write takes in turn, and a
 * few reader connections beside it.
 *
 * <p>SQLite lets one connection write at a time. Taking turns on one writer connection here, rather
 * than letting connections race for the database's write lock, means a writer of this process never
 * meets {@code SQLITE_BUSY}, and it makes a claim (a SELECT, then an UPDATE of what it selected)
 * atomic without row locks. The group committer batches the writes that wait for their turn into
 * one transaction. Writes start with {@code BEGIN IMMEDIATE}, so that another process on the same
 * file waits (up to the busy timeout) rather than fails half way; {@link SqliteWriter} runs the
 * writer's transactions.
 *
 * <p>Every connection runs in WAL mode with {@code synchronous=FULL}: a commit returns once its WAL
 * frames are written and synced, so it survives a killed process and a power loss. Readers read in
 * WAL mode beside the writer, each seeing the last commit before its statement began. {@code LIKE}
 * is case-sensitive, as on the other databases. Thread-safe; {@link #close()} closes every
 * connection.
 */
final class SqliteConnections implements AutoCloseable {
  private static final int MAX_READERS = 8;

  /** Keeps the WAL file, once checkpointed, at most this size rather than at its peak. */
  private static final int JOURNAL_SIZE_LIMIT = 16 * 1024 * 1024;

  private final String url;
  private final Duration busyTimeout;
  private final SqliteWriter writer;
  private final Semaphore writerTurn = new Semaphore(1, true);
  private final LinkedBlockingDeque<Connection> idleReaders = new LinkedBlockingDeque<>();
  private final List<Connection> allReaders = new ArrayList<>();
  private volatile boolean closed;

  private SqliteConnections(Path file, Duration busyTimeout) throws SQLException {
    this.url = "jdbc:sqlite:" + file;
    this.busyTimeout = busyTimeout;
    Connection connection = open(SQLiteConfig.TransactionMode.IMMEDIATE);
    this.writer = new SqliteWriter(connection);
    try (Statement s = connection.createStatement();
        ResultSet tables = s.executeQuery("SELECT COUNT(*) FROM sqlite_master")) {
      if (tables.next() && tables.getInt(1) == 0) {
        // A new database: freed pages can then go back to the file system in steps
        // (incremental_vacuum) rather than never. The VACUUM makes the mode take effect, which it
        // no longer does by itself once WAL mode has written the header; on an empty file it is
        // instant.
        s.execute("PRAGMA auto_vacuum = INCREMENTAL");
        s.execute("VACUUM");
      }
    }
  }

  /** Opens (or creates) the database file; fails if it cannot be opened or is not SQLite. */
  static SqliteConnections open(Path file, Duration busyTimeout) throws SQLException {
    return new SqliteConnections(file, busyTimeout);
  }

  private Connection open(SQLiteConfig.TransactionMode mode) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout((int) busyTimeout.toMillis());
    config.enableCaseSensitiveLike(true);
    config.setJournalSizeLimit(JOURNAL_SIZE_LIMIT);
    config.setTransactionMode(mode);
    // Otherwise the driver runs "SELECT last_insert_rowid()" after every INSERT, for keys that
    // nobody asks for (the lease table has no rowid at all).
    config.setGetGeneratedKeys(false);
    return config.createConnection(url);
  }

  /** Connections for writes: the one writer connection, once it is this caller's turn. */
  DataSource writes() {
    return new Source() {
      @Override
      public Connection getConnection() throws SQLException {
        ensureOpen();
        try {
          if (!writerTurn.tryAcquire(busyTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new SQLException(
                "the SQLite writer connection stayed busy for " + busyTimeout, "HYT00");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException("interrupted while waiting for the SQLite writer", "HYT00", e);
        }
        return lend(writer::call, SqliteConnections.this::giveBackWriter);
      }
    };
  }

  /** Connections for reads: a pooled reader connection, opened when none is idle. */
  DataSource reads() {
    return new Source() {
      @Override
      public Connection getConnection() throws SQLException {
        ensureOpen();
        Connection c = idleReaders.pollFirst();
        if (c == null) {
          c = newReader();
        }
        Connection reader = c;
        return lend(
            (method, args) -> SqliteWriter.invoke(reader, method, args), () -> giveBack(reader));
      }
    };
  }

  /** Ends whatever transaction the last writer left, then gives the turn on. */
  private void giveBackWriter() {
    try {
      writer.release();
    } finally {
      writerTurn.release();
    }
  }

  private Connection newReader() throws SQLException {
    synchronized (allReaders) {
      if (allReaders.size() >= MAX_READERS) {
        try {
          Connection c = idleReaders.pollFirst(busyTimeout.toMillis(), TimeUnit.MILLISECONDS);
          if (c != null) {
            return c;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new SQLException("no SQLite reader connection came free in " + busyTimeout, "HYT00");
      }
      Connection c = open(SQLiteConfig.TransactionMode.DEFERRED);
      allReaders.add(c);
      return c;
    }
  }

  private void giveBack(Connection reader) {
    try {
      if (!reader.getAutoCommit()) {
        reader.rollback();
        reader.setAutoCommit(true);
      }
      if (!closed) {
        idleReaders.addFirst(reader);
        return;
      }
    } catch (SQLException e) {
      // A broken reader: dropped below.
    }
    synchronized (allReaders) {
      allReaders.remove(reader);
    }
    closeQuietly(reader);
  }

  /**
   * A view of a connection whose close gives it back (once) instead of closing it, and whose other
   * calls go to {@code calls} until then.
   */
  private static Connection lend(Calls calls, Runnable giveBack) {
    AtomicBoolean returned = new AtomicBoolean();
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "close":
                  if (returned.compareAndSet(false, true)) {
                    giveBack.run();
                  }
                  return null;
                case "isClosed":
                  return returned.get() || (Boolean) calls.call(method, args);
                default:
                  if (returned.get()) {
                    throw new SQLException("connection already given back", "08003");
                  }
                  return calls.call(method, args);
              }
            });
  }

  /** Where a lent connection's calls go. */
  private interface Calls {
    Object call(Method method, Object[] args) throws Throwable;
  }

  private void ensureOpen() throws SQLException {
    if (closed) {
      throw new SQLException("the SQLite store is closed", "08003");
    }
  }

  @Override
  public void close() {
    closed = true;
    // Waits (a bounded time) for a write in progress, so that closing does not cut a commit in two.
    boolean turn = false;
    try {
      turn = writerTurn.tryAcquire(busyTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      closeQuietly(writer);
    } finally {
      if (turn) {
        writerTurn.release();
      }
    }
    synchronized (allReaders) {
      allReaders.forEach(SqliteConnections::closeQuietly);
      allReaders.clear();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // Closing anyway: nothing left to do with it.
    }
  }

  /** The DataSource methods nobody calls here. */
  private abstract static class Source implements DataSource {
    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
