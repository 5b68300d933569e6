package dev.lessor.jdbc;

import dev.lessor.LeaseState;
import dev.lessor.LeaseStats;
import dev.lessor.LessorException;
import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import dev.lessor.store.ScheduledTask;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LeaseStore} over JDBC, on H2 or PostgreSQL. Thread-safe.
 *
 * <p>Writes go through the group committer, so each is durable before it returns, but for {@link
 * #activateLater}, which rides in the next batch without its caller waiting. {@link #claimDue}
 * locks due rows with {@code SELECT ... FOR UPDATE SKIP LOCKED} and pushes their due time in the
 * same transaction, so that instances sharing one database never claim the same lease and none
 * waits for another's locks. A row that cannot be decoded never fails a whole query: claims set it
 * aside, listings leave it out, and {@link #get} names it in its error. The {@link JdbcStores} that
 * made it owns the connections: {@link #close()} here does nothing.
 */
final class JdbcLeaseStore implements LeaseStore {
  private static final String SELECT = "SELECT " + LeaseRows.COLUMNS + " FROM lessor_lease";
  private static final String INSERT =
      "INSERT INTO lessor_lease ("
          + LeaseRows.COLUMNS
          + ") VALUES ("
          + "?,".repeat(LeaseRows.COLUMN_COUNT - 1)
          + "?)";
  private static final String UPDATE =
      "UPDATE lessor_lease SET mount = ?, path = ?, state = ?, issue_time = ?, expire_time = ?,"
          + " max_expire_time = ?, renewable = ?, internal = ?, due_time = ?, attempts = ?,"
          + " last_error = ?, version = ?, engine = ? WHERE id = ? AND version = ?";
  private static final String ACTIVATE =
      "UPDATE lessor_lease SET state = ?, due_time = ?, version = ? WHERE id = ? AND version = ?";
  private static final Logger log = LoggerFactory.getLogger(JdbcLeaseStore.class);

  private final Database db;
  private final LeaseRows rows;
  private final String storeId;
  private final DueRows due;
  private final TaskRows tasks;

  /**
   * @param storeId the id {@link Schema#prepare} created with the schema
   */
  JdbcLeaseStore(Database db, ValueCipher cipher, String storeId) {
    this.db = db;
    this.rows = new LeaseRows(cipher);
    this.storeId = storeId;
    this.due = new DueRows(db, rows);
    this.tasks = new TaskRows(db);
  }

  @Override
  public boolean durable() {
    return true;
  }

  /** The id created once with the schema: the same for every instance and start on the database. */
  @Override
  public String storeId() {
    return storeId;
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
                ps.setLong(LeaseRows.COLUMN_COUNT + 1, record.version());
                return ps.executeUpdate();
              }
            });
    return updated == 1 ? Optional.of(record.withVersion(next)) : Optional.empty();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Sets only the columns that change (state, due time, version): the version check makes the
   * rest equal to {@code pending}.
   */
  @Override
  public Optional<LeaseRecord> activate(LeaseRecord pending) {
    LeaseRecord active = activeOf(pending);
    int updated = db.write("activate lease " + pending.id(), activation(active));
    return updated == 1 ? Optional.of(active) : Optional.empty();
  }

  /** True unless the store commits every write alone ({@code maxBatchSize(1)}). */
  @Override
  public boolean batchesActivation() {
    return db.batches();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The UPDATE is queued in the group committer: it shares the commit of the next write that
   * some caller waits for (usually the next lease's insert), or is flushed by the committer's own
   * thread within a few milliseconds.
   */
  @Override
  public CompletableFuture<Optional<LeaseRecord>> activateLater(LeaseRecord pending) {
    LeaseRecord active;
    try {
      active = activeOf(pending);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return db.writeLater("activate lease " + pending.id(), activation(active))
        .thenApply(updated -> updated == 1 ? Optional.of(active) : Optional.<LeaseRecord>empty());
  }

  private static LeaseRecord activeOf(LeaseRecord pending) {
    Objects.requireNonNull(pending, "pending");
    LeaseRecord active =
        pending
            .withState(LeaseState.ACTIVE)
            .withDueTime(pending.expireTime())
            .withVersion(pending.version() + 1);
    LeaseRows.checkInstants(active);
    return active;
  }

  private static SqlWork<Integer> activation(LeaseRecord active) {
    return c -> {
      try (PreparedStatement ps = c.prepareStatement(ACTIVATE)) {
        ps.setString(1, LeaseState.ACTIVE.name());
        ps.setLong(2, LeaseRows.micros(active.dueTime(), "dueTime"));
        ps.setLong(3, active.version());
        ps.setString(4, active.id());
        ps.setLong(5, active.version() - 1);
        return ps.executeUpdate();
      }
    };
  }

  /**
   * {@inheritDoc}
   *
   * @throws LessorException naming the lease when its row cannot be decoded
   */
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

  /**
   * {@inheritDoc}
   *
   * <p>A due row that cannot be decoded is set aside in the same transaction rather than failing
   * the batch: see {@link DueRows}.
   */
  @Override
  public List<LeaseRecord> claimDue(Instant now, Instant claimUntil, int limit) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(claimUntil, "claimUntil");
    if (limit <= 0) {
      return List.of();
    }
    return due.claim(now, claimUntil, limit);
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
                try {
                  out.add(rows.read(rs));
                } catch (UnreadableLeaseException e) {
                  // Listed by the claim's ERROR log already; the readable rows still count.
                  log.warn("{}: left out of the {} leases: {}", db.name(), state, e.getMessage());
                }
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

  /** One aggregate query; a row whose state is unknown is left out, as listings leave it out. */
  @Override
  public List<LeaseStats.Group> groups() {
    return db.read(
        "count leases by mount and state",
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT mount, state, COUNT(*), MIN(expire_time) FROM lessor_lease"
                          + " GROUP BY mount, state");
              ResultSet rs = ps.executeQuery()) {
            List<LeaseStats.Group> out = new ArrayList<>();
            while (rs.next()) {
              String state = rs.getString(2);
              if (Arrays.stream(LeaseState.values()).anyMatch(s -> s.name().equals(state))) {
                out.add(
                    new LeaseStats.Group(
                        rs.getString(1),
                        LeaseState.valueOf(state),
                        rs.getLong(3),
                        LeaseRows.instant(rs.getLong(4))));
              }
            }
            return out;
          }
        });
  }

  /** True: tasks live in a table of their own, {@code lessor_task} (see {@link TaskRows}). */
  @Override
  public boolean keepsTasks() {
    return true;
  }

  @Override
  public ScheduledTask putTask(ScheduledTask task) {
    return tasks.put(Objects.requireNonNull(task, "task"));
  }

  @Override
  public Optional<ScheduledTask> updateTask(ScheduledTask task) {
    return tasks.update(Objects.requireNonNull(task, "task"));
  }

  @Override
  public Optional<ScheduledTask> getTask(String id) {
    return tasks.get(Objects.requireNonNull(id, "id"));
  }

  @Override
  public boolean deleteTask(String id) {
    return tasks.delete(Objects.requireNonNull(id, "id"));
  }

  @Override
  public int deleteTasks(String prefix) {
    return tasks.deletePrefix(Objects.requireNonNull(prefix, "prefix"));
  }

  @Override
  public List<ScheduledTask> claimDueTasks(Instant now, Instant claimUntil, int limit) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(claimUntil, "claimUntil");
    return tasks.claimDue(now, claimUntil, limit);
  }

  @Override
  public Optional<Instant> nextTaskDueTime() {
    return tasks.nextDueTime();
  }
}
