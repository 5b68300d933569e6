package dev.lessor.jdbc;

import dev.lessor.store.ScheduledTask;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link ScheduledTask scheduled tasks} of {@link JdbcLeaseStore}, in {@code lessor_task}: a
 * table of their own, so that no lease query (counts, listings, groups, claims) ever sees one.
 * Claims lock due rows as lease claims do ({@code FOR UPDATE SKIP LOCKED} where the database has
 * it), so that instances sharing one database never run the same task twice for one due time.
 * Writes go through the group committer and are durable before they return. Thread-safe.
 */
final class TaskRows {
  private static final String COLUMNS =
      "id, mount, engine, due_time, attempts, last_error, version";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM lessor_task";
  private static final String INSERT =
      "INSERT INTO lessor_task (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
  private static final String REPLACE =
      "UPDATE lessor_task SET mount = ?, engine = ?, due_time = ?, attempts = ?, last_error = ?,"
          + " version = version + 1 WHERE id = ?";
  private static final String UPDATE =
      "UPDATE lessor_task SET mount = ?, engine = ?, due_time = ?, attempts = ?, last_error = ?,"
          + " version = ? WHERE id = ? AND version = ?";
  private static final String CLAIM =
      "UPDATE lessor_task SET due_time = ?, version = ? WHERE id = ? AND version = ?";

  private final Database db;
  private final String claimSelect;

  TaskRows(Database db) {
    this.db = db;
    this.claimSelect =
        SELECT + " WHERE due_time <= ? ORDER BY due_time, id LIMIT ?" + db.dialect().lockDueRows();
  }

  ScheduledTask put(ScheduledTask task) {
    long due = LeaseRows.micros(task.dueTime(), "dueTime");
    for (int attempt = 1; ; attempt++) {
      try {
        return db.write(c -> replaceOrInsert(c, task, due));
      } catch (SQLException e) {
        // two instances inserting one new task: the loser replaces the winner's row instead
        if (attempt == 2 || !SqlErrors.isUniqueViolation(e)) {
          throw db.error("schedule task " + task.id(), e);
        }
      }
    }
  }

  private ScheduledTask replaceOrInsert(Connection c, ScheduledTask task, long due)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(REPLACE)) {
      int i = bindFields(ps, 1, task, due);
      ps.setString(i, task.id());
      if (ps.executeUpdate() == 1) {
        return read(c, task.id()).orElseThrow();
      }
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setString(1, task.id());
      int i = bindFields(ps, 2, task, due);
      ps.setLong(i, task.version());
      ps.executeUpdate();
      return task;
    }
  }

  Optional<ScheduledTask> update(ScheduledTask task) {
    long due = LeaseRows.micros(task.dueTime(), "dueTime");
    long next = task.version() + 1;
    int updated =
        db.write(
            "update task " + task.id(),
            c -> {
              try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
                int i = bindFields(ps, 1, task, due);
                ps.setLong(i++, next);
                ps.setString(i++, task.id());
                ps.setLong(i, task.version());
                return ps.executeUpdate();
              }
            });
    return updated == 1 ? Optional.of(task.withVersion(next)) : Optional.empty();
  }

  Optional<ScheduledTask> get(String id) {
    return db.read("get task " + id, c -> read(c, id));
  }

  boolean delete(String id) {
    return db.update("delete task " + id, "DELETE FROM lessor_task WHERE id = ?", id) > 0;
  }

  int deletePrefix(String prefix) {
    return db.write(
        "delete tasks under " + prefix,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM lessor_task WHERE id LIKE ? ESCAPE '\\'")) {
            ps.setString(1, Prefixes.likePattern(prefix));
            return ps.executeUpdate();
          }
        });
  }

  List<ScheduledTask> claimDue(Instant now, Instant claimUntil, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    long nowMicros = LeaseRows.micros(now, "now");
    long untilMicros = LeaseRows.micros(claimUntil, "claimUntil");
    return db.claim(
        "claim due tasks",
        c -> {
          List<ScheduledTask> due = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(claimSelect)) {
            ps.setLong(1, nowMicros);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                due.add(read(rs));
              }
            }
          }
          List<ScheduledTask> claimed = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
            for (ScheduledTask t : due) {
              ps.setLong(1, untilMicros);
              ps.setLong(2, t.version() + 1);
              ps.setString(3, t.id());
              ps.setLong(4, t.version());
              if (ps.executeUpdate() == 1) {
                claimed.add(t.withDueTime(claimUntil).withVersion(t.version() + 1));
              }
            }
          }
          return claimed;
        });
  }

  Optional<Instant> nextDueTime() {
    return db.read(
        "find next task due time",
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT MIN(due_time) FROM lessor_task");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            long micros = rs.getLong(1);
            return rs.wasNull()
                ? Optional.<Instant>empty()
                : Optional.of(LeaseRows.instant(micros));
          }
        });
  }

  /** Binds mount, engine, due time, attempts and last error from {@code first}; the next index. */
  private static int bindFields(PreparedStatement ps, int first, ScheduledTask t, long due)
      throws SQLException {
    int i = first;
    ps.setString(i++, t.mount());
    ps.setString(i++, t.engine());
    ps.setLong(i++, due);
    ps.setInt(i++, t.attempts());
    if (t.lastError() == null) {
      ps.setNull(i++, Types.VARCHAR);
    } else {
      ps.setString(i++, t.lastError());
    }
    return i;
  }

  private static Optional<ScheduledTask> read(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  private static ScheduledTask read(ResultSet rs) throws SQLException {
    return new ScheduledTask(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        LeaseRows.instant(rs.getLong(4)),
        rs.getInt(5),
        rs.getString(6),
        rs.getLong(7));
  }
}
