package dev.lessor.jdbc;

import dev.lessor.LessorException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the store's tables, and checks the encryption key against the store.
 *
 * <p>The schema version lives in {@code lessor_schema_version}. Each upgrade is an explicit,
 * ordered list of SQL statements; step {@code n} takes the schema from version {@code n - 1} to
 * {@code n}; a step is never edited once released, a change is a new step. A store newer than this
 * code is refused rather than used blindly. Instants are stored as microseconds since the epoch in
 * BIGINT columns, the same on every database.
 *
 * <p>Version 2 added the engine type of each lease and the store id, a random UUID created once
 * with the schema (or by the upgrade of an older one) and kept in {@code lessor_meta}: every
 * instance and every start on the same database reads the same id. Version 3 added {@code
 * lessor_task}, the engines' scheduled tasks ({@link TaskRows}).
 */
final class Schema {
  private static final Logger log = LoggerFactory.getLogger(Schema.class);
  private static final String KEY_CHECK = "key_check";
  private static final String STORE_ID = "store_id";

  /** Upgrade steps in order; the schema version is the number of steps applied. */
  private static final List<Function<Dialect, List<String>>> STEPS =
      List.of(
          d ->
              List.of(
                  "CREATE TABLE lessor_lease ("
                      + " id "
                      + d.keyType
                      + " NOT NULL PRIMARY KEY,"
                      + " mount "
                      + d.textType
                      + " NOT NULL,"
                      + " path "
                      + d.textType
                      + " NOT NULL,"
                      + " state VARCHAR(16) NOT NULL,"
                      + " issue_time BIGINT NOT NULL,"
                      + " expire_time BIGINT NOT NULL,"
                      + " max_expire_time BIGINT NOT NULL,"
                      + " renewable BOOLEAN NOT NULL,"
                      + " internal "
                      + d.bytesType
                      + " NOT NULL,"
                      + " due_time BIGINT NOT NULL,"
                      + " attempts INTEGER NOT NULL,"
                      + " last_error "
                      + d.textType
                      + ","
                      + " version BIGINT NOT NULL)"
                      + d.leaseTableOptions(),
                  "CREATE INDEX lessor_lease_due ON lessor_lease (due_time, id)",
                  "CREATE INDEX lessor_lease_state ON lessor_lease (state, due_time)",
                  "CREATE TABLE lessor_storage ("
                      + " k "
                      + d.keyType
                      + " NOT NULL PRIMARY KEY,"
                      + " v "
                      + d.bytesType
                      + " NOT NULL)",
                  "CREATE TABLE lessor_meta ("
                      + " name VARCHAR(64) NOT NULL PRIMARY KEY,"
                      + " v "
                      + d.bytesType
                      + " NOT NULL)"),
          // 2: the engine type of each lease (old rows: unknown), and the store's identity.
          d ->
              List.of(
                  "ALTER TABLE lessor_lease ADD COLUMN engine "
                      + d.textType
                      + " DEFAULT '' NOT NULL",
                  "INSERT INTO lessor_meta (name, v) VALUES ('"
                      + STORE_ID
                      + "', "
                      + d.bytesLiteral(newStoreId().getBytes(StandardCharsets.US_ASCII))
                      + ")"),
          // 3: scheduled tasks of engines (key rotations), beside the leases but never among them.
          d ->
              List.of(
                  "CREATE TABLE lessor_task ("
                      + " id "
                      + d.keyType
                      + " NOT NULL PRIMARY KEY,"
                      + " mount "
                      + d.textType
                      + " NOT NULL,"
                      + " engine "
                      + d.textType
                      + " NOT NULL,"
                      + " due_time BIGINT NOT NULL,"
                      + " attempts INTEGER NOT NULL,"
                      + " last_error "
                      + d.textType
                      + ","
                      + " version BIGINT NOT NULL)",
                  "CREATE INDEX lessor_task_due ON lessor_task (due_time, id)"));

  /** The schema version this code creates and understands. */
  static final int LATEST = STEPS.size();

  private Schema() {}

  /**
   * Brings the schema to {@link #LATEST} and verifies the key; one transaction on PostgreSQL.
   *
   * @return the store's identity, created once with the schema (see {@link
   *     dev.lessor.store.LeaseStore#storeId()})
   */
  static String prepare(Database db, ValueCipher cipher) {
    // H2 commits DDL at once, so its upgrades are serialized here rather than by a transaction.
    synchronized (Schema.class) {
      return db.transaction("prepare schema", c -> upgrade(c, db, cipher));
    }
  }

  /** A new store id: random, so that two databases never share one. */
  private static String newStoreId() {
    return UUID.randomUUID().toString();
  }

  private static String upgrade(Connection c, Database db, ValueCipher cipher) throws SQLException {
    db.dialect().lockSchema(c);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS lessor_schema_version (version INTEGER NOT NULL)");
    }
    int current = currentVersion(c);
    if (current > LATEST) {
      throw new LessorException(
          db.name()
              + " has schema version "
              + current
              + ", newer than this Lessor supports ("
              + LATEST
              + "): upgrade Lessor");
    }
    for (int step = current; step < LATEST; step++) {
      try (Statement s = c.createStatement()) {
        for (String sql : STEPS.get(step).apply(db.dialect())) {
          s.execute(sql);
        }
      }
    }
    if (current != LATEST) {
      try (Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM lessor_schema_version");
        s.executeUpdate("INSERT INTO lessor_schema_version (version) VALUES (" + LATEST + ")");
      }
      log.info("{}: schema upgraded from version {} to {}", db.name(), current, LATEST);
    }
    checkKey(c, db, cipher);
    return storeId(c, db);
  }

  private static String storeId(Connection c, Database db) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT v FROM lessor_meta WHERE name = ?")) {
      ps.setString(1, STORE_ID);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return new String(rs.getBytes(1), StandardCharsets.US_ASCII);
        }
      }
    }
    throw new LessorException(
        db.name() + " has no store id in lessor_meta (was the row deleted?): restore it");
  }

  private static int currentVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(version) FROM lessor_schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void checkKey(Connection c, Database db, ValueCipher cipher) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT v FROM lessor_meta WHERE name = ?")) {
      ps.setString(1, KEY_CHECK);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          cipher.verify(rs.getBytes(1), db.name());
          return;
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO lessor_meta (name, v) VALUES (?, ?)")) {
      ps.setString(1, KEY_CHECK);
      ps.setBytes(2, cipher.checkValue());
      ps.executeUpdate();
    }
  }
}
