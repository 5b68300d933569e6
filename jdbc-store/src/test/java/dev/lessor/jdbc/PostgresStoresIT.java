package dev.lessor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.LeaseState;
import dev.lessor.Lessor;
import dev.lessor.LessorException;
import dev.lessor.UpstreamException;
import dev.lessor.store.LeaseRecord;
import dev.lessor.testing.FakeSecretsEngine;
import dev.lessor.testing.ManualClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** PostgreSQL specifics: startup errors, key checks, index use, a database that goes away. */
class PostgresStoresIT {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  private static LeaseRecord lease(String id) {
    return new LeaseRecord(
        id,
        "aws/",
        "aws",
        "aws/creds/r",
        LeaseState.ACTIVE,
        T0,
        T0.plusSeconds(60),
        T0.plusSeconds(60),
        true,
        Map.of("user_name", "u"),
        T0.plusSeconds(60),
        0,
        null,
        0);
  }

  @Test
  void storeId_twoStoresOnOneDatabaseAndAReopen_allTheSame() {
    DataSource ds = PostgresTestDatabase.emptyDatabase();
    String first;
    try (JdbcStores a = JdbcStores.postgres(ds, TestKeys.key(1));
        JdbcStores b = JdbcStores.postgres(ds, TestKeys.key(1))) {
      first = a.leaseStore().storeId();
      assertThat(b.leaseStore().storeId()).isEqualTo(first).isNotBlank();
    }
    try (JdbcStores again = JdbcStores.postgres(ds, TestKeys.key(1))) {
      assertThat(again.leaseStore().storeId()).isEqualTo(first);
    }
    try (JdbcStores fresh =
        JdbcStores.postgres(PostgresTestDatabase.emptyDatabase(), TestKeys.key(1))) {
      assertThat(fresh.leaseStore().storeId()).isNotEqualTo(first);
    }
  }

  @Test
  void postgres_unreachable_failsRetryablyNamingTheStore() {
    PGSimpleDataSource nowhere = new PGSimpleDataSource();
    nowhere.setUrl("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");
    PostgresTestDatabase.dataSource(); // skipped like the others when no server is configured

    assertThatThrownBy(() -> JdbcStores.postgres(nowhere, TestKeys.key(1)))
        .isInstanceOf(UpstreamException.class)
        .hasMessageStartingWith("PostgreSQL store: prepare schema failed (SQLState 08001")
        .satisfies(e -> assertThat(((UpstreamException) e).retryable()).isTrue());
  }

  @Test
  void postgres_otherKey_failsAtStartup() {
    DataSource ds = PostgresTestDatabase.emptyDatabase();
    JdbcStores.postgres(ds, TestKeys.key(1)).close();

    assertThatThrownBy(() -> JdbcStores.postgres(ds, TestKeys.key(2)))
        .isInstanceOf(LessorException.class)
        .hasMessageStartingWith("PostgreSQL store was created with another encryption key");
  }

  @Test
  void postgres_manyInstancesStartingTogether_createTheSchemaOnce() throws Exception {
    DataSource ds = PostgresTestDatabase.emptyDatabase();
    List<JdbcStores> opened = new ArrayList<>();
    List<Thread> starters = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Thread t =
          new Thread(
              () -> {
                JdbcStores s = JdbcStores.postgres(ds, TestKeys.key(1));
                synchronized (opened) {
                  opened.add(s);
                }
              });
      starters.add(t);
      t.start();
    }
    for (Thread t : starters) {
      t.join(30_000);
    }

    assertThat(opened).hasSize(4);
    opened.get(0).leaseStore().insert(lease("a/1"));
    assertThat(opened.get(3).leaseStore().get("a/1")).isPresent();
    opened.forEach(JdbcStores::close);
  }

  @Test
  void list_prefix_usesThePrimaryKeyIndex() throws SQLException {
    DataSource ds = PostgresTestDatabase.emptyDatabase();
    JdbcStores.postgres(ds, TestKeys.key(1)).close();

    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SET enable_seqscan = off");
      StringBuilder plan = new StringBuilder();
      try (ResultSet rs =
          s.executeQuery(
              "EXPLAIN SELECT id FROM lessor_lease WHERE id LIKE 'aws/creds/%' ESCAPE '\\'"
                  + " ORDER BY id")) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
      assertThat(plan.toString()).contains("lessor_lease_pkey").contains("Index Cond");
    }
  }

  @Test
  void write_databaseDown_failsRetryablyAndChangesNothing() {
    FlakyDataSource flaky = new FlakyDataSource(PostgresTestDatabase.emptyDatabase());
    try (JdbcStores stores = JdbcStores.postgres(flaky.dataSource(), TestKeys.key(1))) {
      stores.leaseStore().insert(lease("a/1"));
      flaky.down(true);

      assertThatThrownBy(() -> stores.leaseStore().insert(lease("a/2")))
          .isInstanceOf(UpstreamException.class)
          .hasMessage(
              "PostgreSQL store: insert lease a/2 failed (SQLState 08001, may succeed if retried)");
      assertThatThrownBy(() -> stores.leaseStore().delete("a/1"))
          .isInstanceOf(UpstreamException.class);

      flaky.down(false);
      assertThat(stores.leaseStore().list("a/")).containsExactly("a/1");
      stores.leaseStore().insert(lease("a/2"));
      assertThat(stores.leaseStore().list("a/")).containsExactly("a/1", "a/2");
    }
  }

  @Test
  void stores_hostPoolWithoutAutoCommit_commitWrites() throws SQLException {
    DataSource plain = PostgresTestDatabase.emptyDatabase();
    DataSource noAutoCommit =
        (DataSource)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  Object result = method.invoke(plain, args);
                  if (result instanceof Connection c) {
                    c.setAutoCommit(false);
                  }
                  return result;
                });
    try (JdbcStores stores = JdbcStores.postgres(noAutoCommit, TestKeys.key(1))) {
      stores.leaseStore().insert(lease("a/1"));
      stores.storage().put("k", new byte[] {7});
      assertThat(stores.leaseStore().claimDue(T0.plusSeconds(60), T0.plusSeconds(90), 5))
          .hasSize(1);
    }

    try (JdbcStores stores = JdbcStores.postgres(plain, TestKeys.key(1))) {
      assertThat(stores.leaseStore().get("a/1").orElseThrow().dueTime())
          .isEqualTo(T0.plusSeconds(90));
      assertThat(stores.storage().get("k").orElseThrow()).containsExactly(7);
    }
  }

  @Test
  void revocationLoop_databaseDownAtExpiry_revokesOnceItIsBack() {
    FlakyDataSource flaky = new FlakyDataSource(PostgresTestDatabase.emptyDatabase());
    ManualClock clock = new ManualClock();
    FakeSecretsEngine engine = new FakeSecretsEngine();
    try (JdbcStores stores = JdbcStores.postgres(flaky.dataSource(), TestKeys.key(1));
        Lessor lessor =
            TestLessors.onManualClock(stores, clock).pollInterval(Duration.ofSeconds(10)).build()) {
      lessor.mount("fake/", engine);
      String id = lessor.read("fake/creds/app", Map.of("ttl", "1h")).lease().orElseThrow().id();

      flaky.down(true);
      clock.advance(Duration.ofHours(1));
      assertThat(engine.revokedLeases()).isEmpty();

      flaky.down(false);
      clock.advance(Duration.ofSeconds(10));
      assertThat(engine.revokedLeases()).containsExactly(id);
      assertThat(lessor.leases().count()).isZero();
    }
  }
}
