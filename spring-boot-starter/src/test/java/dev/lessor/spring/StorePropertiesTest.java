package dev.lessor.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.lessor.Lessor;
import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.store.InMemoryStorage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** {@code lessor.store} and {@code lessor.store.*}: which store, its key, plain text. */
class StorePropertiesTest {
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  @TempDir Path dir;

  @Test
  void store_unset_inMemory() {
    Runners.lessor()
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              LessorStores stores = context.getBean(LessorStores.class);
              assertThat(stores.leaseStore()).isInstanceOf(InMemoryLeaseStore.class);
              assertThat(stores.leaseStore().durable()).isFalse();
            });
  }

  @Test
  void store_embeddedWithKey_durableStoreThatKeepsConfigurationAcrossRestarts() {
    String[] properties = {
      "lessor.store=embedded",
      "lessor.store.directory=" + dir,
      "lessor.store.encryption-key=" + KEY,
      "lessor.mounts.aws.type=aws",
      "lessor.mounts.aws.roles.app.credential_type=iam_user",
      "lessor.mounts.aws.roles.app.policy_document={\"Version\":\"2012-10-17\",\"Statement\":[]}"
    };
    Runners.lessor()
        .withPropertyValues(properties)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(LessorStores.class).leaseStore().durable()).isTrue();
            });
    Runners.lessor()
        .withPropertyValues(
            "lessor.store=embedded",
            "lessor.store.directory=" + dir,
            "lessor.store.encryption-key=" + KEY,
            "lessor.mounts.aws.type=aws")
        .run(
            context ->
                assertThat(context.getBean(Lessor.class).list("aws/roles/").data().get("keys"))
                    .isEqualTo(List.of("app")));
  }

  @Test
  void store_embeddedWithoutKey_failsNamingTheKeyProperty() {
    Runners.lessor()
        .withPropertyValues("lessor.store=embedded", "lessor.store.directory=" + dir)
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessageStartingWith(
                        "lessor.store.encryption-key: is required for lessor.store=embedded")
                    .hasMessageContaining("lessor.store.allow-plaintext=true"));
  }

  @Test
  void store_embeddedWithoutKeyButPlaintextAllowed_starts() {
    Runners.lessor()
        .withPropertyValues(
            "lessor.store=embedded",
            "lessor.store.directory=" + dir,
            "lessor.store.allow-plaintext=true")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(LessorStores.class).leaseStore().durable()).isTrue();
            });
  }

  @Test
  void store_keyNotBase64_failsWithoutShowingTheValue() {
    String bad = "not*base64*secret";
    Runners.lessor()
        .withPropertyValues(
            "lessor.store=embedded",
            "lessor.store.directory=" + dir,
            "lessor.store.encryption-key=" + bad)
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessage(
                        "lessor.store.encryption-key: must be 32 bytes in Base64, is not Base64")
                    .hasMessageNotContaining(bad));
  }

  @Test
  void store_keyOfWrongLength_failsSayingTheLength() {
    Runners.lessor()
        .withPropertyValues(
            "lessor.store=embedded",
            "lessor.store.directory=" + dir,
            "lessor.store.encryption-key=" + Base64.getEncoder().encodeToString(new byte[16]))
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessageStartingWith("lessor.store.encryption-key:")
                    .hasMessageContaining("32 bytes), got 16 bytes"));
  }

  @Test
  void store_embeddedWithoutDirectory_failsNamingIt() {
    Runners.lessor()
        .withPropertyValues("lessor.store=embedded", "lessor.store.encryption-key=" + KEY)
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessage("lessor.store.directory: is required for lessor.store=embedded"));
  }

  @Test
  void store_unknownType_failsListingTheTypes() {
    Runners.lessor()
        .withPropertyValues("lessor.store=redis")
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessage("lessor.store: must be memory, jdbc or embedded, was 'redis'"));
  }

  @Test
  void store_jdbcWithoutDataSource_fails() {
    Runners.lessor()
        .withPropertyValues("lessor.store=jdbc", "lessor.store.encryption-key=" + KEY)
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessage(
                        "lessor.store: is jdbc, but the application has no single DataSource bean"
                            + " to use"));
  }

  @Test
  void store_jdbcOnH2DataSource_failsNamingTheDatabaseAndTheEmbeddedStore() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:store-test");
    Runners.lessor()
        .withBean(DataSource.class, () -> h2)
        .withPropertyValues("lessor.store=jdbc", "lessor.store.encryption-key=" + KEY)
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessageStartingWith(
                        "lessor.store: is jdbc, which runs on PostgreSQL, but the DataSource is H2")
                    .hasMessageContaining("lessor.store=embedded"));
  }

  @Test
  void store_jdbcOnPostgres_durableStoreOnTheApplicationsDataSource() throws SQLException {
    String url = System.getenv("LESSOR_TEST_POSTGRES_URL");
    assumeThat(url).as("PostgreSQL tests skipped: LESSOR_TEST_POSTGRES_URL is not set").isNotNull();
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setURL(url);
    pg.setUser(System.getenv().getOrDefault("LESSOR_TEST_POSTGRES_USER", "postgres"));
    pg.setPassword(System.getenv().getOrDefault("LESSOR_TEST_POSTGRES_PASSWORD", ""));
    // A schema of its own: the jdbc-store tests share the database, with other keys.
    try (Connection c = pg.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS lessor_spring_test CASCADE");
      s.execute("CREATE SCHEMA lessor_spring_test");
    }
    pg.setCurrentSchema("lessor_spring_test");
    Runners.lessor()
        .withBean(DataSource.class, () -> pg)
        .withPropertyValues("lessor.store=jdbc", "lessor.store.encryption-key=" + KEY)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(LessorStores.class).leaseStore().durable()).isTrue();
            });
  }

  @Test
  void store_ownLessorStoresBean_usedInsteadOfProperties() {
    InMemoryLeaseStore mine = new InMemoryLeaseStore();
    Runners.lessor()
        .withBean(LessorStores.class, () -> new LessorStores(mine, new InMemoryStorage(), () -> {}))
        .withPropertyValues("lessor.store=jdbc")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(LessorStores.class).leaseStore()).isSameAs(mine);
            });
  }
}
