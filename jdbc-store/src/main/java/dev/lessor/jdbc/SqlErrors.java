package dev.lessor.jdbc;

import dev.lessor.UpstreamException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Map;
import java.util.Set;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns database errors into {@link UpstreamException}s that name the operation, the SQLState and
 * whether a retry may help, and that never quote a stored value.
 *
 * <p>Database messages may quote row values (a duplicate key, a value too long, the failing row),
 * and values may hold secrets when the store is not encrypted. So the exception keeps the original
 * message only for connection failures, whose messages name hosts and ports, not data; for the rest
 * the cause carries the SQLState, the vendor code and the stack trace.
 */
final class SqlErrors {
  /** PostgreSQL and H2 SQLStates after which the same call may well succeed later. */
  private static final Set<String> RETRYABLE_STATES =
      Set.of(
          "40001", // serialization failure
          "40P01", // deadlock
          "57P01", // admin shutdown
          "57P02", // crash shutdown
          "57P03", // cannot connect now (starting up)
          "53300", // too many connections
          "55P03", // lock not available (lock_timeout)
          "57014", // query canceled (statement_timeout)
          "HYT00", // H2 lock timeout
          "90098"); // H2 database closed

  /** What a few SQLStates mean for the person reading the message. */
  private static final Map<String, String> HINTS =
      Map.of(
          "90020",
              "the H2 file is open in another process; share a store between processes"
                  + " with PostgreSQL",
          "28P01", "the database refused the user name or password",
          "28000", "the database refused the user name or password",
          "3D000", "the database does not exist",
          "42501", "the database user lacks a privilege the store needs");

  /**
   * Whether sqlite-jdbc is on the class path. It is an optional dependency: a PostgreSQL user may
   * not have it, and an {@code instanceof SQLiteException} without it throws NoClassDefFoundError.
   */
  private static final boolean SQLITE_PRESENT = classPresent("org.sqlite.SQLiteException");

  private SqlErrors() {}

  private static boolean classPresent(String name) {
    try {
      Class.forName(name, false, SqlErrors.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  static final String UNIQUE_VIOLATION = "23505";

  static boolean isUniqueViolation(SQLException e) {
    if (SQLITE_PRESENT && e instanceof SQLiteException sqlite) {
      SQLiteErrorCode code = sqlite.getResultCode();
      return code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
          || code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE;
    }
    return UNIQUE_VIOLATION.equals(e.getSQLState());
  }

  /** SQLite reports no SQLState: busy, locked and interrupted (a timeout) may pass. */
  private static boolean isRetryableSqlite(SQLException e) {
    if (!SQLITE_PRESENT || !(e instanceof SQLiteException sqlite)) {
      return false;
    }
    String code = sqlite.getResultCode().name();
    return code.startsWith("SQLITE_BUSY")
        || code.startsWith("SQLITE_LOCKED")
        || code.equals("SQLITE_INTERRUPT");
  }

  static boolean isConnectionFailure(SQLException e) {
    String state = e.getSQLState();
    return (state != null && state.startsWith("08")) || e instanceof SQLRecoverableException;
  }

  static boolean isRetryable(SQLException e) {
    return isConnectionFailure(e)
        || isRetryableSqlite(e)
        || e instanceof SQLTransientException
        || (e.getSQLState() != null
            && (RETRYABLE_STATES.contains(e.getSQLState()) || e.getSQLState().startsWith("53")));
  }

  /**
   * @param operation what failed, such as {@code insert lease aws/creds/r/1}; never a value
   */
  static UpstreamException translate(String storeName, String operation, SQLException e) {
    String state = e.getSQLState() == null ? "unknown" : e.getSQLState();
    boolean retryable = isRetryable(e);
    String message =
        storeName
            + ": "
            + operation
            + " failed (SQLState "
            + state
            + (retryable ? ", may succeed if retried" : "")
            + ")"
            + (HINTS.containsKey(state) ? ": " + HINTS.get(state) : "");
    return new UpstreamException(message, state, retryable, sanitized(e));
  }

  private static SQLException sanitized(SQLException e) {
    String detail =
        isConnectionFailure(e)
            ? e.getMessage()
            : e.getClass().getName()
                + ", vendor code "
                + e.getErrorCode()
                + " (message withheld: it may quote stored values)";
    SQLException copy = new SQLException(detail, e.getSQLState(), e.getErrorCode());
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }
}
