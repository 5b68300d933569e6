package dev.lessor.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.InvalidRequestException;
import dev.lessor.LessorException;
import dev.lessor.store.LeaseRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, reopening and closing H2 stores: schema, keys, encryption at rest. */
class JdbcStoresTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  @TempDir Path dir;

  private static LeaseRecord lease(String id) {
    return TestLeases.active(id);
  }

  private <T> T sql(String query, Class<T> type) throws SQLException {
    try (Connection c =
            DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("lessor"), "sa", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getObject(1, type);
    }
  }

  private void execute(String statement) throws SQLException {
    try (Connection c =
            DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("lessor"), "sa", "");
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  @Test
  void h2_reopenedWithSameKey_keepsLeasesAndStorage() {
    try (JdbcStores stores = JdbcStores.h2(dir, TestKeys.key(1))) {
      stores.leaseStore().insert(lease("aws/creds/r/1"));
      stores.storage().put("aws/config/root", SECRET.getBytes(UTF_8));
    }

    try (JdbcStores stores = JdbcStores.h2(dir, TestKeys.key(1))) {
      assertThat(stores.leaseStore().get("aws/creds/r/1")).contains(lease("aws/creds/r/1"));
      assertThat(stores.storage().get("aws/config/root").orElseThrow())
          .isEqualTo(SECRET.getBytes(UTF_8));
    }
  }

  @Test
  void h2_encrypted_storesNoPlaintextOfValuesOrInternalData() throws SQLException {
    try (JdbcStores stores = JdbcStores.h2(dir, TestKeys.key(1))) {
      stores.leaseStore().insert(lease("aws/creds/r/1"));
      stores.storage().put("aws/config/root", SECRET.getBytes(UTF_8));
    }

    byte[] value = sql("SELECT v FROM lessor_storage", byte[].class);
    byte[] internal = sql("SELECT internal FROM lessor_lease", byte[].class);
    assertThat(new String(value, UTF_8)).doesNotContain("wJalrXUtnFEMI");
    assertThat(new String(internal, UTF_8)).doesNotContain("AKIAINTERNALDATA");
    assertThat(value.length).isEqualTo(SECRET.length() + 2 + 12 + 16);
  }

  @Test
  void h2_unencrypted_roundTrips() {
    try (JdbcStores stores = JdbcStores.h2(dir)) {
      stores.leaseStore().insert(lease("aws/creds/r/1"));
      stores.storage().put("k", new byte[] {1, 2});

      assertThat(stores.leaseStore().get("aws/creds/r/1")).contains(lease("aws/creds/r/1"));
      assertThat(stores.storage().get("k").orElseThrow()).containsExactly(1, 2);
    }
  }

  @Test
  void h2_reopenedWithOtherKey_failsAtStartup() {
    JdbcStores.h2(dir, TestKeys.key(1)).close();

    assertThatThrownBy(() -> JdbcStores.h2(dir, TestKeys.key(2)))
        .isInstanceOf(LessorException.class)
        .hasMessage(
            "H2 store at "
                + dir.toAbsolutePath()
                + " was created with another encryption key (this key has id "
                + String.format("%02x", TestKeys.key(2).id())
                + "): open it with the key it was created with");
  }

  @Test
  void h2_encryptedReopenedWithoutKey_failsAtStartup() {
    JdbcStores.h2(dir, TestKeys.key(1)).close();

    assertThatThrownBy(() -> JdbcStores.h2(dir))
        .isInstanceOf(LessorException.class)
        .hasMessageEndingWith("is encrypted: open it with the EncryptionKey it was created with");
  }

  @Test
  void h2_plainReopenedWithKey_failsAtStartup() {
    JdbcStores.h2(dir).close();

    assertThatThrownBy(() -> JdbcStores.h2(dir, TestKeys.key(1)))
        .isInstanceOf(LessorException.class)
        .hasMessageEndingWith("was created without encryption: open it without an EncryptionKey");
  }

  @Test
  void h2_afterFailedOpen_canOpenWithRightKey() {
    JdbcStores.h2(dir, TestKeys.key(1)).close();
    assertThatThrownBy(() -> JdbcStores.h2(dir, TestKeys.key(2)))
        .isInstanceOf(LessorException.class);

    try (JdbcStores stores = JdbcStores.h2(dir, TestKeys.key(1))) {
      assertThat(stores.leaseStore().count()).isZero();
    }
  }

  @Test
  void schema_firstOpen_recordsLatestVersionOnce() throws SQLException {
    JdbcStores.h2(dir).close();
    JdbcStores.h2(dir).close();

    assertThat(sql("SELECT COUNT(*) FROM lessor_schema_version", Long.class)).isEqualTo(1);
    assertThat(sql("SELECT version FROM lessor_schema_version", Integer.class))
        .isEqualTo(Schema.LATEST);
  }

  @Test
  void schema_newerThanThisCode_refused() throws SQLException {
    JdbcStores.h2(dir).close();
    execute("UPDATE lessor_schema_version SET version = " + (Schema.LATEST + 1));

    assertThatThrownBy(() -> JdbcStores.h2(dir))
        .isInstanceOf(LessorException.class)
        .hasMessageEndingWith(
            "has schema version "
                + (Schema.LATEST + 1)
                + ", newer than this Lessor supports ("
                + Schema.LATEST
                + "): upgrade Lessor");
  }

  @Test
  void close_thenUse_throwsClosed() {
    JdbcStores stores = JdbcStores.h2(dir);
    stores.close();
    stores.close();

    assertThatThrownBy(() -> stores.leaseStore().count())
        .isInstanceOf(LessorException.class)
        .hasMessage("H2 store at " + dir.toAbsolutePath() + " is closed");
    assertThatThrownBy(() -> stores.storage().put("k", new byte[1]))
        .isInstanceOf(LessorException.class)
        .hasMessageEndingWith("is closed");
  }

  @Test
  void lease_internalDataCopiedToAnotherRow_detected() throws SQLException {
    try (JdbcStores stores = JdbcStores.h2(dir, TestKeys.key(1))) {
      stores.leaseStore().insert(lease("aws/creds/r/1"));
      stores.leaseStore().insert(lease("aws/creds/r/2"));
    }
    execute(
        "UPDATE lessor_lease SET internal = (SELECT internal FROM lessor_lease"
            + " WHERE id = 'aws/creds/r/1') WHERE id = 'aws/creds/r/2'");

    try (JdbcStores stores = JdbcStores.h2(dir, TestKeys.key(1))) {
      assertThatThrownBy(() -> stores.leaseStore().get("aws/creds/r/2"))
          .isInstanceOf(LessorException.class)
          .hasMessage(
              "lease aws/creds/r/2 cannot be read from the store: stored value of aws/creds/r/2"
                  + " failed authentication: wrong key or altered data");
    }
  }

  @Test
  void builder_noDatabaseOrBoth_throws() {
    assertThatThrownBy(() -> JdbcStores.builder().build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("database: set exactly one of sqlite(dir), h2(dir), postgres(ds)");
    assertThatThrownBy(
            () -> JdbcStores.builder().h2(dir).postgres(new org.h2.jdbcx.JdbcDataSource()).build())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> JdbcStores.builder().sqlite(dir).h2(dir).build())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> JdbcStores.builder().maxBatchSize(0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("maxBatchSize: must be at least 1");
    assertThatThrownBy(() -> JdbcStores.builder().statementTimeout(java.time.Duration.ZERO))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("statementTimeout: must be at least 1 ms");
  }

  @Test
  void insert_instantBeyondRange_rejectedBeforeWriting() {
    try (JdbcStores stores = JdbcStores.h2(dir)) {
      LeaseRecord far = lease("aws/creds/r/1").withDueTime(Instant.MAX);

      assertThatThrownBy(() -> stores.leaseStore().insert(far))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("dueTime: must be within 290,000 years of 1970");
      assertThat(stores.leaseStore().count()).isZero();
    }
  }

  @Test
  void toString_namesTheStore() {
    try (JdbcStores stores = JdbcStores.h2(dir)) {
      assertThat(stores).hasToString("JdbcStores{H2 store at " + dir.toAbsolutePath() + "}");
    }
  }
}
