package dev.lessor.jdbc;

import dev.lessor.LeaseState;
import dev.lessor.store.LeaseRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due lease rows for {@link JdbcLeaseStore#claimDue}, and sets aside the rows it cannot
 * decode. Thread-safe.
 *
 * <p>Due rows are locked with {@code SELECT ... FOR UPDATE SKIP LOCKED} (on SQLite, whose one
 * writer connection makes the transaction atomic, a plain SELECT) and their due time is pushed to
 * the claim deadline in the same transaction. Rows are decoded one by one: a row that cannot be
 * decoded (altered bytes, a manual edit, a newer version's format) would otherwise fail every claim
 * and, being the earliest due, sort first forever, so that no lease behind it would ever be revoked
 * again, on any instance. Such a row is set aside in the same transaction: it becomes {@link
 * LeaseState#IRREVOCABLE} with the reason as its last error and is due again only after {@link
 * #SET_ASIDE_PERIOD}, when it is looked at again (and revoked, if it can be read by then). It is
 * logged at ERROR with its lease id, and the batch is filled with the rows behind it. The core
 * never sees it: what it cannot read, it could not revoke.
 */
final class DueRows {
  /** How long a row that cannot be read waits before it is looked at again. */
  static final Duration SET_ASIDE_PERIOD = Duration.ofDays(1);

  private static final Logger log = LoggerFactory.getLogger(DueRows.class);
  private static final int MAX_ERROR_LENGTH = 1000;
  private static final String CLAIM_UPDATE =
      "UPDATE lessor_lease SET due_time = ?, version = ? WHERE id = ? AND version = ?";
  private static final String SET_ASIDE =
      "UPDATE lessor_lease SET state = ?, last_error = ?, due_time = ?, version = ?"
          + " WHERE id = ? AND version = ?";

  private final Database db;
  private final LeaseRows rows;
  private final String claimSelect;

  DueRows(Database db, LeaseRows rows) {
    this.db = db;
    this.rows = rows;
    this.claimSelect =
        "SELECT "
            + LeaseRows.COLUMNS
            + " FROM lessor_lease WHERE due_time <= ? ORDER BY due_time, id LIMIT ?"
            + db.dialect().lockDueRows();
  }

  List<LeaseRecord> claim(Instant now, Instant claimUntil, int limit) {
    long nowMicros = LeaseRows.micros(now, "now");
    long untilMicros = LeaseRows.micros(claimUntil, "claimUntil");
    Instant retryAt = now.plus(SET_ASIDE_PERIOD);
    long retryMicros = LeaseRows.micros(retryAt, "now");
    List<UnreadableLeaseException> setAside = new ArrayList<>();
    List<LeaseRecord> claimed =
        db.claim(
            "claim due leases",
            c -> {
              setAside.clear(); // of a run that was rolled back, if this runs again
              List<LeaseRecord> out = new ArrayList<>();
              while (out.size() < limit) {
                int wanted = limit - out.size();
                List<UnreadableLeaseException> bad = new ArrayList<>();
                int seen = claimBatch(c, nowMicros, untilMicros, wanted, out, bad);
                setAside(c, bad, retryMicros);
                setAside.addAll(bad);
                // Rows set aside leave room in the batch for the rows behind them, if any.
                if (bad.isEmpty() || seen < wanted) {
                  break;
                }
              }
              return out;
            });
    for (UnreadableLeaseException e : setAside) {
      log.error(
          "{}: lease {} cannot be read ({}); set aside as IRREVOCABLE, looked at again at {}."
              + " Its credential may still exist: repair the row, or check the provider and delete"
              + " the row (tidy then removes what it issued). Other leases go on.",
          db.name(),
          e.leaseId(),
          e.reason(),
          retryAt);
    }
    return claimed;
  }

  /**
   * Locks up to {@code wanted} due rows, claims those it can read into {@code out} and puts the
   * others in {@code bad}; returns how many rows it saw.
   */
  private int claimBatch(
      Connection c,
      long nowMicros,
      long untilMicros,
      int wanted,
      List<LeaseRecord> out,
      List<UnreadableLeaseException> bad)
      throws SQLException {
    List<LeaseRecord> due = new ArrayList<>();
    int seen = 0;
    try (PreparedStatement ps = c.prepareStatement(claimSelect)) {
      ps.setLong(1, nowMicros);
      ps.setInt(2, wanted);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          seen++;
          try {
            due.add(rows.read(rs));
          } catch (UnreadableLeaseException e) {
            bad.add(e);
          }
        }
      }
    }
    if (due.isEmpty()) {
      return seen;
    }
    try (PreparedStatement ps = c.prepareStatement(CLAIM_UPDATE)) {
      for (LeaseRecord r : due) {
        ps.setLong(1, untilMicros);
        ps.setLong(2, r.version() + 1);
        ps.setString(3, r.id());
        ps.setLong(4, r.version());
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      Instant claimUntil = LeaseRows.instant(untilMicros);
      for (int i = 0; i < due.size(); i++) {
        // The rows are locked, so each update matches; the version check guards anyway.
        if (counts[i] != 0) {
          LeaseRecord r = due.get(i);
          out.add(r.withDueTime(claimUntil).withVersion(r.version() + 1));
        }
      }
    }
    return seen;
  }

  private static void setAside(Connection c, List<UnreadableLeaseException> bad, long retryMicros)
      throws SQLException {
    if (bad.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(SET_ASIDE)) {
      for (UnreadableLeaseException e : bad) {
        String error = "cannot be read: " + e.reason();
        ps.setString(1, LeaseState.IRREVOCABLE.name());
        ps.setString(
            2, error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH));
        ps.setLong(3, retryMicros);
        ps.setLong(4, e.version() + 1);
        ps.setString(5, e.leaseId());
        ps.setLong(6, e.version());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
