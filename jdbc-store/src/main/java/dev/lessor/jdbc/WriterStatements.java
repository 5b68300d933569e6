package dev.lessor.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The prepared INSERT, UPDATE and DELETE statements of the SQLite writer connection, and the BEGIN,
 * COMMIT and ROLLBACK that frame them ({@link SqliteWriter}), kept from one write to the next.
 *
 * <p>SQLite compiles a statement on every {@code prepareStatement}; for the short writes of a lease
 * (an insert, an activation, a delete) that compilation costs about as much as running them. A
 * statement taken from here is the connection's own, behind a view whose {@code close} clears its
 * parameters and batch and keeps it for the next writer that prepares the same SQL. Only statements
 * that change rows or end transactions are kept: they run to completion and are reset by the
 * driver, so a kept one never holds a read open (which would make the next COMMIT fail). A
 * statement on which any call failed is closed rather than kept (the driver finalizes a statement
 * after most errors). Not thread-safe: used only by the holder of the writer's turn, which hands it
 * on with the turn.
 */
final class WriterStatements {
  /** Enough for every statement the stores write with; SQL beyond it is prepared each time. */
  private static final int MAX_KEPT = 64;

  /** What a kept statement begins with. */
  private static final List<String> KEPT_VERBS =
      List.of("INSERT", "UPDATE", "DELETE", "BEGIN", "COMMIT", "ROLLBACK");

  private final Connection connection;
  private final Map<String, PreparedStatement> idle = new HashMap<>();
  private int kept;

  WriterStatements(Connection connection) {
    this.connection = connection;
  }

  /** A statement for {@code sql}: a kept one if it changes rows or frames a transaction. */
  PreparedStatement prepare(String sql) throws SQLException {
    if (!keeps(sql)) {
      return connection.prepareStatement(sql);
    }
    PreparedStatement ps = idle.remove(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      if (kept >= MAX_KEPT) {
        return ps;
      }
      kept++;
    }
    return keptView(sql, ps);
  }

  private static boolean keeps(String sql) {
    String start = sql.stripLeading();
    for (String verb : KEPT_VERBS) {
      if (start.regionMatches(true, 0, verb, 0, verb.length())) {
        return true;
      }
    }
    return false;
  }

  private PreparedStatement keptView(String sql, PreparedStatement ps) {
    boolean[] state = new boolean[2]; // [0]: given back, [1]: a call failed
    return (PreparedStatement)
        Proxy.newProxyInstance(
            PreparedStatement.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "close":
                  if (!state[0]) {
                    state[0] = true;
                    giveBack(sql, ps, state[1]);
                  }
                  return null;
                case "isClosed":
                  return state[0] || ps.isClosed();
                default:
                  if (state[0]) {
                    throw new SQLException("statement already closed", "HY010");
                  }
                  try {
                    return method.invoke(ps, args);
                  } catch (InvocationTargetException e) {
                    state[1] = true;
                    throw e.getCause();
                  }
              }
            });
  }

  private void giveBack(String sql, PreparedStatement ps, boolean failed) throws SQLException {
    // The same SQL open twice at once: the second is not kept.
    if (!failed && !ps.isClosed() && !idle.containsKey(sql)) {
      try {
        ps.clearBatch();
        ps.clearParameters();
        idle.put(sql, ps);
        return;
      } catch (SQLException e) {
        // closed below
      }
    }
    kept--;
    ps.close();
  }
}
