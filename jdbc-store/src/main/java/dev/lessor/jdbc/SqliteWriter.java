package dev.lessor.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/**
 * The SQLite writer connection as the holder of the writer's turn sees it: JDBC transactions run as
 * kept {@code BEGIN IMMEDIATE}, {@code COMMIT} and {@code ROLLBACK} statements on a connection that
 * the driver keeps in auto-commit mode.
 *
 * <p>With auto-commit off, the sqlite-jdbc driver begins the next transaction right after every
 * commit and rollback, and compiles each of these statements anew. A group commit then cost a
 * second, empty write transaction (a {@code BEGIN IMMEDIATE} that takes the write lock, and the
 * {@code COMMIT} that turning auto-commit back on runs) besides its own: about a fifth of a
 * commit's time when the disk sync is fast. Here a transaction costs the BEGIN and the COMMIT it
 * needs, each compiled once ({@link WriterStatements} keeps them).
 *
 * <p>Callers (the group committer, claims, the schema upgrade) keep JDBC's contract: {@code
 * setAutoCommit(false)} begins a transaction at once (so that a write lock held by another process
 * fails it there), {@code commit()} and {@code rollback()} end it, and the next statement created
 * or prepared begins the next one; {@code setAutoCommit(true)} commits what is open. A transaction
 * whose COMMIT failed stays open until {@code rollback()}. Giving the connection back ({@link
 * #release}) rolls back any transaction still open, so that the next holder of the turn starts
 * without one. Not thread-safe: used only by the holder of the writer's turn.
 */
final class SqliteWriter implements AutoCloseable {
  private final Connection connection;
  private final WriterStatements statements;
  private boolean manual; // the holder turned auto-commit off
  private boolean open; // a transaction this view began is open

  /**
   * @param connection a writer connection in the driver's auto-commit mode
   */
  SqliteWriter(Connection connection) {
    this.connection = connection;
    this.statements = new WriterStatements(connection);
  }

  /** Runs a call on the lent connection other than {@code close} and {@code isClosed}. */
  Object call(Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "getAutoCommit":
        return !manual;
      case "setAutoCommit":
        setAutoCommit((Boolean) args[0]);
        return null;
      case "commit":
        commit();
        return null;
      case "rollback":
        if (args != null) {
          throw new SQLFeatureNotSupportedException("savepoints on the SQLite writer");
        }
        rollback();
        return null;
      case "setSavepoint":
      case "releaseSavepoint":
        throw new SQLFeatureNotSupportedException("savepoints on the SQLite writer");
      case "prepareStatement":
        beginIfDue();
        return args.length == 1
            ? statements.prepare((String) args[0])
            : invoke(connection, method, args);
      case "createStatement":
      case "prepareCall":
        beginIfDue();
        return invoke(connection, method, args);
      default:
        return invoke(connection, method, args);
    }
  }

  static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private void setAutoCommit(boolean on) throws SQLException {
    if (on != manual) {
      return;
    }
    if (on) {
      if (open) {
        run("COMMIT");
        open = false;
      }
      manual = false;
    } else {
      begin();
      manual = true;
    }
  }

  private void commit() throws SQLException {
    ensureManual();
    if (open) {
      run("COMMIT"); // if it fails, the transaction may still be open: rollback() ends it
      open = false;
    }
  }

  private void rollback() throws SQLException {
    ensureManual();
    if (open) {
      open = false; // whatever ROLLBACK says: it fails only when no transaction is left
      run("ROLLBACK");
    }
  }

  private void ensureManual() throws SQLException {
    if (!manual) {
      throw new SQLException("the SQLite writer is in auto-commit mode", "25000");
    }
  }

  /** The first statement after a commit or rollback begins the next transaction. */
  private void beginIfDue() throws SQLException {
    if (manual && !open) {
      begin();
    }
  }

  private void begin() throws SQLException {
    run("BEGIN IMMEDIATE");
    open = true;
  }

  private void run(String sql) throws SQLException {
    try (PreparedStatement ps = statements.prepare(sql)) {
      ps.execute();
    }
  }

  /**
   * The connection is given back: rolls back whatever transaction its holder left open (a BEGIN
   * that succeeded before a failure, a COMMIT that failed), so that the next holder starts clean.
   */
  void release() {
    try {
      if (open) {
        open = false;
        run("ROLLBACK");
      }
    } catch (SQLException | RuntimeException e) {
      // No transaction was left (SQLite rolls one back itself after some errors), or the
      // connection is broken and every later statement fails on its own.
    } finally {
      manual = false;
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
