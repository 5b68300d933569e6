package dev.lessor.jdbc;

import dev.lessor.Lease;
import dev.lessor.LeaseState;
import dev.lessor.store.LeaseRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** An active lease of the AWS engine whose internal data a test can look for in the database. */
final class TestLeases {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  private TestLeases() {}

  /** Issued at {@link #T0}, expiring an hour later, with internal data {@code AKIAINTERNALDATA}. */
  static LeaseRecord active(String id) {
    return lease(
        id,
        T0.plusSeconds(3600),
        T0.plusSeconds(7200),
        Map.of("access_key_id", "AKIAINTERNALDATA"));
  }

  /** Issued at {@link #T0}, due and expiring {@code seconds} later, with no internal data. */
  static LeaseRecord dueAfter(String id, int seconds) {
    Instant due = T0.plusSeconds(seconds);
    return lease(id, due, due, Map.of());
  }

  /** Active since {@link #T0}, due when it expires, renewable up to {@code maxExpire}. */
  private static LeaseRecord lease(
      String id, Instant expire, Instant maxExpire, Map<String, String> internal) {
    return new LeaseRecord(
        id,
        "aws/",
        "aws",
        "aws/creds/r",
        LeaseState.ACTIVE,
        T0,
        expire,
        maxExpire,
        true,
        internal,
        expire,
        0,
        null,
        0);
  }

  /**
   * Puts the row of {@code lease}, issued and activated, back to PENDING due at its pending
   * deadline: what the database holds when the process died before the ACTIVE write committed.
   */
  static void rewindToPending(Connection c, Lease lease, Duration pendingTimeout)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE lessor_lease SET state = 'PENDING', due_time = ? WHERE id = ?")) {
      ps.setLong(1, LeaseRows.micros(lease.issueTime().plus(pendingTimeout), "due"));
      ps.setString(2, lease.id());
      if (ps.executeUpdate() != 1) {
        throw new IllegalStateException("no row for lease " + lease.id());
      }
    }
  }
}
