package dev.lessor.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL server the {@code *IT} tests use, from the system property {@value #URL_PROPERTY}
 * (or the environment variable {@code LESSOR_TEST_POSTGRES_URL}), with {@code
 * lessor.test.postgres.user} and {@code .password} likewise. {@code .ci/run} starts one and sets
 * them; without them the tests are skipped with a message that says so.
 */
final class PostgresTestDatabase {
  static final String URL_PROPERTY = "lessor.test.postgres.url";

  private PostgresTestDatabase() {}

  /** The server's DataSource; skips the calling test when none is configured. */
  static DataSource dataSource() {
    String url = setting(URL_PROPERTY, "LESSOR_TEST_POSTGRES_URL");
    assumeTrue(
        url != null,
        "PostgreSQL tests skipped: set -D"
            + URL_PROPERTY
            + "=jdbc:postgresql://host:port/db (or LESSOR_TEST_POSTGRES_URL) to run them;"
            + " .ci/run starts a PostgreSQL and sets it");
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(url);
    String user = setting("lessor.test.postgres.user", "LESSOR_TEST_POSTGRES_USER");
    String password = setting("lessor.test.postgres.password", "LESSOR_TEST_POSTGRES_PASSWORD");
    if (user != null) {
      ds.setUser(user);
    }
    if (password != null) {
      ds.setPassword(password);
    }
    return ds;
  }

  /** The server's DataSource with the Lessor tables dropped, so that a store starts empty. */
  static DataSource emptyDatabase() {
    DataSource ds = dataSource();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "DROP TABLE IF EXISTS lessor_lease, lessor_task, lessor_storage, lessor_meta,"
              + " lessor_schema_version");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reset the test database", e);
    }
    return ds;
  }

  private static String setting(String property, String env) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(env);
    }
    return value == null || value.isBlank() ? null : value;
  }
}
