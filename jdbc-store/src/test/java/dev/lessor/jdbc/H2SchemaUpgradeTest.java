package dev.lessor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.LeaseState;
import dev.lessor.store.LeaseRecord;
import dev.lessor.store.ScheduledTask;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema version 2 on H2: the store id, and the upgrade of a database made by version 1. */
class H2SchemaUpgradeTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  @TempDir Path dir;

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("lessor"), "sa", "");
  }

  @Test
  void storeId_reopenedDatabase_isTheSame() {
    String first;
    try (JdbcStores stores = JdbcStores.h2(dir, TestKeys.key(1))) {
      first = stores.leaseStore().storeId();
    }

    try (JdbcStores stores = JdbcStores.h2(dir, TestKeys.key(1))) {
      assertThat(stores.leaseStore().storeId()).isEqualTo(first);
    }
    assertThat(first).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }

  @Test
  void storeId_twoStoresOnOneDatabase_areEqual(@TempDir Path other) {
    try (JdbcStores a = JdbcStores.h2(dir, TestKeys.key(1));
        JdbcStores b = JdbcStores.h2(dir, TestKeys.key(1));
        JdbcStores elsewhere = JdbcStores.h2(other, TestKeys.key(1))) {
      assertThat(b.leaseStore().storeId()).isEqualTo(a.leaseStore().storeId());
      assertThat(elsewhere.leaseStore().storeId()).isNotEqualTo(a.leaseStore().storeId());
      assertThat(a.leaseStore().durable()).isTrue();
    }
  }

  @Test
  void open_versionOneDatabase_upgradesKeepingLeasesWithUnknownEngine() throws SQLException {
    createVersionOne();

    String storeId;
    try (JdbcStores stores = JdbcStores.h2(dir)) {
      storeId = stores.leaseStore().storeId();
      LeaseRecord old = stores.leaseStore().get("aws/creds/r/1").orElseThrow();
      assertThat(old.engine()).isEqualTo(LeaseRecord.UNKNOWN_ENGINE);
      assertThat(old.internal()).isEqualTo(Map.of("username", "u1"));
      assertThat(old.state()).isEqualTo(LeaseState.ACTIVE);
      assertThat(old.expireTime()).isEqualTo(T0);

      LeaseRecord retyped = stores.leaseStore().update(old.toBuilder().engine("aws").build()).get();
      assertThat(stores.leaseStore().get(old.id())).contains(retyped);
    }
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM lessor_schema_version")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(Schema.LATEST);
      assertThat(rs.next()).isFalse();
    }
    try (JdbcStores stores = JdbcStores.h2(dir)) {
      assertThat(stores.leaseStore().storeId()).isEqualTo(storeId).isNotBlank();
      assertThat(stores.leaseStore().get("aws/creds/r/1").orElseThrow().engine()).isEqualTo("aws");
      // version 3: the upgraded database keeps scheduled tasks
      ScheduledTask task = ScheduledTask.of("aws/", "static-roles/app", "aws", T0);
      assertThat(stores.leaseStore().putTask(task)).isEqualTo(task);
      assertThat(stores.leaseStore().getTask(task.id())).contains(task);
      assertThat(stores.leaseStore().count()).isEqualTo(1);
    }
  }

  /** An unencrypted store as Lessor's schema version 1 made it, with one lease. */
  private void createVersionOne() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      // Step 1's DDL as released, for H2.
      s.execute(
          "CREATE TABLE lessor_lease ( id VARCHAR(1024) NOT NULL PRIMARY KEY, mount VARCHAR NOT"
              + " NULL, path VARCHAR NOT NULL, state VARCHAR(16) NOT NULL, issue_time BIGINT NOT"
              + " NULL, expire_time BIGINT NOT NULL, max_expire_time BIGINT NOT NULL, renewable"
              + " BOOLEAN NOT NULL, internal VARBINARY NOT NULL, due_time BIGINT NOT NULL, attempts"
              + " INTEGER NOT NULL, last_error VARCHAR, version BIGINT NOT NULL)");
      s.execute("CREATE INDEX lessor_lease_due ON lessor_lease (due_time, id)");
      s.execute("CREATE INDEX lessor_lease_state ON lessor_lease (state, due_time)");
      s.execute(
          "CREATE TABLE lessor_storage ( k VARCHAR(1024) NOT NULL PRIMARY KEY, v VARBINARY NOT"
              + " NULL)");
      s.execute(
          "CREATE TABLE lessor_meta ( name VARCHAR(64) NOT NULL PRIMARY KEY, v VARBINARY NOT"
              + " NULL)");
      s.execute("CREATE TABLE lessor_schema_version (version INTEGER NOT NULL)");
      s.execute("INSERT INTO lessor_schema_version (version) VALUES (1)");
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO lessor_meta (name, v) VALUES ('key_check', ?)")) {
        ps.setBytes(1, "lessor-key-check".getBytes(StandardCharsets.US_ASCII));
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO lessor_lease (id, mount, path, state, issue_time, expire_time,"
                  + " max_expire_time, renewable, internal, due_time, attempts, last_error,"
                  + " version) VALUES (?, 'aws/', 'aws/creds/r', 'ACTIVE', ?, ?, ?, TRUE, ?, ?, 0,"
                  + " NULL, 3)")) {
        long micros = T0.getEpochSecond() * 1_000_000L;
        ps.setString(1, "aws/creds/r/1");
        ps.setLong(2, micros - 60_000_000L);
        ps.setLong(3, micros);
        ps.setLong(4, micros);
        ps.setBytes(5, internal("username", "u1"));
        ps.setLong(6, micros);
        ps.executeUpdate();
      }
    }
  }

  /** Version 1's internal format: format byte 1, the entry count, then length-prefixed UTF-8. */
  private static byte[] internal(String key, String value) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeInt(1);
      for (String part : new String[] {key, value}) {
        byte[] b = part.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
