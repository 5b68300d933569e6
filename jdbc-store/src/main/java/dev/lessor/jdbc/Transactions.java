package dev.lessor.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Begins and ends the transactions of the group committer and {@link Database}: on a host pool's
 * connections, which come in either auto-commit mode and go back in the one they came in, and on
 * the SQLite writer ({@link SqliteWriter}). Stateless.
 */
final class Transactions {
  private Transactions() {}

  /**
   * Turns auto-commit off for a transaction; returns whether it was on, for {@link #end}. A host's
   * pool may hand out connections either way.
   */
  static boolean begin(Connection c) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    if (autoCommit) {
      c.setAutoCommit(false);
    }
    return autoCommit;
  }

  /** Gives the connection back to the pool in the auto-commit mode it came in. */
  static void end(Connection c, boolean autoCommit) {
    try {
      if (autoCommit) {
        c.setAutoCommit(true);
      }
    } catch (SQLException ignored) {
      // A broken connection: the pool drops it.
    }
  }

  static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // The connection is broken, or no transaction was left: closing it discards any anyway.
    }
  }
}
