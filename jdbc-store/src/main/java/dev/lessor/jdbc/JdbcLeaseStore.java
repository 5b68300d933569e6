package dev.lessor.jdbc;

import dev.lessor.LeaseState;
import dev.lessor.spi.LeaseRecord;
import dev.lessor.spi.LeaseStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link LeaseStore} over JDBC, on H2 or PostgreSQL. Thread-safe.
 *
 * <p>Writes go through the group committer, so each is durable before it returns. {@link #claimDue}
 * locks due rows with {@code SELECT ... FOR UPDATE SKIP LOCKED} and pushes their due time in the
 * same transaction, so that instances sharing one database never claim the same lease and none
 * waits for another's locks. The {@link JdbcStores} that made it owns the connections: {@link
 * #close()} here does nothing.
 */
final class JdbcLeaseStore implements LeaseStore {
  private static final String SELECT = "SELECT " + LeaseRows.COLUMNS + " FROM lessor_lease";
  private static final String INSERT =
      "INSERT INTO lessor_lease (" + LeaseRows.COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";
  private static final String UPDATE =
      "UPDATE lessor_lease SET mount = ?, path = ?, state = ?, issue_time = ?, expire_time = ?,"
          + " max_expire_time = ?, renewable = ?, internal = ?, due_time = ?, attempts = ?,"
          + " last_error = ?, version = ? WHERE id = ? AND version = ?";
  private static final String CLAIM_SELECT =
      SELECT + " WHERE due_time <= ? ORDER BY due_time, id LIMIT ? FOR UPDATE SKIP LOCKED";
  private static final String CLAIM_UPDATE =
      "UPDATE lessor_lease SET due_time = ?, version = ? WHERE id = ? AND version = ?";

  private final Database db;
  private final LeaseRows rows;

  JdbcLeaseStore(Database db, ValueCipher cipher) {
    this.db = db;
    this.rows = new LeaseRows(cipher);
  }

  @Override
  public boolean durable() {
    return true;
  }

  // TODO(jdbc helper): a stable id created with the schema in lessor_meta.
  @Override
  public String storeId() {
    return "jdbc";
  }

  @Override
  public void insert(LeaseRecord record) {
    Objects.requireNonNull(record, "record");
    LeaseRows.checkInstants(record);
    byte[] internal = rows.internal(record);
    try {
      db.write(
          c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
              rows.bind(ps, 1, record, internal, record.version());
              return ps.executeUpdate();
            }
          });
    } catch (SQLException e) {
      if (SqlErrors.isUniqueViolation(e)) {
        throw new IllegalStateException("lease " + record.id() + " exists already");
      }
      throw db.error("insert lease " + record.id(), e);
    }
  }

  @Override
  public Optional<LeaseRecord> update(LeaseRecord record) {
    Objects.requireNonNull(record, "record");
    LeaseRows.checkInstants(record);
    byte[] internal = rows.internal(record);
    long next = record.version() + 1;
    int updated =
        db.write(
            "update lease " + record.id(),
            c -> {
              try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
                rows.bind(ps, 1, record, internal, next);
                ps.setLong(14, record.version());
                return ps.executeUpdate();
              }
            });
    return updated == 1 ? Optional.of(record.withVersion(next)) : Optional.empty();
  }

  @Override
  public Optional<LeaseRecord> get(String id) {
    Objects.requireNonNull(id, "id");
    return db.read(
        "get lease " + id,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rows.read(rs)) : Optional.<LeaseRecord>empty();
            }
          }
        });
  }

  @Override
  public boolean delete(String id) {
    Objects.requireNonNull(id, "id");
    return db.update("delete lease " + id, "DELETE FROM lessor_lease WHERE id = ?", id) > 0;
  }

  @Override
  public List<String> list(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return Prefixes.list(
        db,
        "list leases under " + prefix,
        "SELECT id FROM lessor_lease WHERE id LIKE ? ESCAPE '\\' ORDER BY id",
        prefix);
  }

  @Override
  public List<LeaseRecord> claimDue(Instant now, Instant claimUntil, int limit) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(claimUntil, "claimUntil");
    if (limit <= 0) {
      return List.of();
    }
    long nowMicros = LeaseRows.micros(now, "now");
    long untilMicros = LeaseRows.micros(claimUntil, "claimUntil");
    return db.transaction(
        "claim due leases",
        c -> {
          List<LeaseRecord> due = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(CLAIM_SELECT)) {
            ps.setLong(1, nowMicros);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                due.add(rows.read(rs));
              }
            }
          }
          if (due.isEmpty()) {
            return List.of();
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
            List<LeaseRecord> claimed = new ArrayList<>(due.size());
            for (int i = 0; i < due.size(); i++) {
              // The rows are locked, so each update matches; the version check guards anyway.
              if (counts[i] != 0) {
                LeaseRecord r = due.get(i);
                claimed.add(r.withDueTime(claimUntil).withVersion(r.version() + 1));
              }
            }
            return claimed;
          }
        });
  }

  @Override
  public Optional<Instant> nextDueTime() {
    return db.read(
        "find next due time",
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT due_time FROM lessor_lease ORDER BY due_time LIMIT 1");
              ResultSet rs = ps.executeQuery()) {
            return rs.next()
                ? Optional.of(LeaseRows.instant(rs.getLong(1)))
                : Optional.<Instant>empty();
          }
        });
  }

  @Override
  public List<LeaseRecord> findByState(LeaseState state, int limit) {
    Objects.requireNonNull(state, "state");
    if (limit <= 0) {
      return List.of();
    }
    return db.read(
        "find " + state + " leases",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(SELECT + " WHERE state = ? ORDER BY due_time, id LIMIT ?")) {
            ps.setString(1, state.name());
            ps.setInt(2, limit);
            List<LeaseRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rows.read(rs));
              }
            }
            return out;
          }
        });
  }

  @Override
  public long count() {
    return db.read(
        "count leases",
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM lessor_lease");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }
}
