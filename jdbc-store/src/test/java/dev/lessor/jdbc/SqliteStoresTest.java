package dev.lessor.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.LessorException;
import dev.lessor.store.LeaseRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, reopening and using SQLite stores: settings, keys, encryption at rest, store id. */
class SqliteStoresTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  @TempDir Path dir;

  private static LeaseRecord lease(String id) {
    return TestLeases.active(id);
  }

  private <T> T sql(String query, Class<T> type) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("lessor.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getObject(1, type);
    }
  }

  @Test
  void sqlite_reopenedWithSameKey_keepsLeasesStorageAndStoreId() {
    String storeId;
    try (JdbcStores stores = JdbcStores.sqlite(dir, TestKeys.key(1))) {
      stores.leaseStore().insert(lease("aws/creds/r/1"));
      stores.storage().put("aws/config/root", SECRET.getBytes(UTF_8));
      storeId = stores.leaseStore().storeId();
    }

    try (JdbcStores stores = JdbcStores.sqlite(dir, TestKeys.key(1))) {
      assertThat(stores.leaseStore().get("aws/creds/r/1")).contains(lease("aws/creds/r/1"));
      assertThat(stores.storage().get("aws/config/root").orElseThrow())
          .isEqualTo(SECRET.getBytes(UTF_8));
      assertThat(stores.leaseStore().storeId()).isEqualTo(storeId).hasSize(36);
      assertThat(stores.leaseStore().durable()).isTrue();
    }
  }

  @Test
  void sqlite_opened_usesWalWithFullSyncAndIncrementalVacuum() throws SQLException {
    JdbcStores.sqlite(dir).close();

    assertThat(sql("PRAGMA journal_mode", String.class)).isEqualTo("wal");
    // 2 = INCREMENTAL: set before the first table, so freed pages can be given back.
    assertThat(sql("PRAGMA auto_vacuum", Integer.class)).isEqualTo(2);
    assertThat(sql("SELECT MAX(version) FROM lessor_schema_version", Integer.class))
        .isEqualTo(Schema.LATEST);
  }

  @Test
  void sqlite_encrypted_storesNoPlaintextOfValuesOrInternalData() throws SQLException {
    try (JdbcStores stores = JdbcStores.sqlite(dir, TestKeys.key(1))) {
      stores.leaseStore().insert(lease("aws/creds/r/1"));
      stores.storage().put("aws/config/root", SECRET.getBytes(UTF_8));
    }

    byte[] value = sql("SELECT v FROM lessor_storage", byte[].class);
    byte[] internal = sql("SELECT internal FROM lessor_lease", byte[].class);
    assertThat(new String(value, UTF_8)).doesNotContain("wJalrXUtnFEMI");
    assertThat(new String(internal, UTF_8)).doesNotContain("AKIAINTERNALDATA");
  }

  @Test
  void sqlite_reopenedWithOtherKey_failsAtStartup() {
    JdbcStores.sqlite(dir, TestKeys.key(1)).close();

    assertThatThrownBy(() -> JdbcStores.sqlite(dir, TestKeys.key(2)))
        .isInstanceOf(LessorException.class)
        .hasMessageStartingWith(
            "SQLite store at " + dir.toAbsolutePath() + " was created with another encryption key");
  }

  @Test
  void insert_duplicateId_throwsIllegalState() {
    try (JdbcStores stores = JdbcStores.sqlite(dir)) {
      stores.leaseStore().insert(lease("aws/creds/r/1"));

      assertThatThrownBy(() -> stores.leaseStore().insert(lease("aws/creds/r/1")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("lease aws/creds/r/1 exists already");
    }
  }

  @Test
  void list_prefixDiffersInCase_matchesOnlyTheExactCase() {
    try (JdbcStores stores = JdbcStores.sqlite(dir)) {
      stores.leaseStore().insert(lease("aws/creds/r/1"));
      stores.leaseStore().insert(lease("AWS/creds/r/2"));
      stores.storage().put("Key", new byte[] {1});
      stores.storage().put("key", new byte[] {2});

      assertThat(stores.leaseStore().list("aws/")).containsExactly("aws/creds/r/1");
      assertThat(stores.storage().list("K")).containsExactly("Key");
    }
  }

  @Test
  void writesAndReads_manyThreads_allLandAndNoneFails() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try (JdbcStores stores = JdbcStores.sqlite(dir)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    String id = "aws/creds/r/" + thread + "-" + i;
                    stores.leaseStore().insert(lease(id));
                    assertThat(stores.leaseStore().get(id)).isPresent();
                    stores.leaseStore().claimDue(T0.plusSeconds(7200), T0.plusSeconds(7300), 5);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      assertThat(stores.leaseStore().count()).isEqualTo(800);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void close_thenUse_throwsClosed() {
    JdbcStores stores = JdbcStores.sqlite(dir);
    stores.close();

    assertThatThrownBy(() -> stores.leaseStore().count())
        .isInstanceOf(LessorException.class)
        .hasMessage("SQLite store at " + dir.toAbsolutePath() + " is closed");
  }
}
