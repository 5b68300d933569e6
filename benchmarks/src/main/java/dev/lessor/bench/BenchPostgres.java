package dev.lessor.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGPoolingDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.ds.common.BaseDataSource;

/**
 * The PostgreSQL the figures write to: the database named by {@code LESSOR_TEST_POSTGRES_URL} (with
 * {@code _USER} and {@code _PASSWORD}; {@code .ci/postgres} starts one and sets them), in a schema
 * of the harness's own, apart from whatever else lives in that database.
 */
final class BenchPostgres {
  /** What a PostgreSQL row says when no server is configured. */
  static final String NOT_CONFIGURED = "no PostgreSQL (set LESSOR_TEST_POSTGRES_URL)";

  /** The schema the journal and disk figures write to, dropped before and after. */
  static final String BENCH_SCHEMA = "lessor_bench";

  private BenchPostgres() {}

  /** The configured PostgreSQL in {@code schema}; null if none is configured. */
  static PGSimpleDataSource dataSource(String schema) {
    return configure(new PGSimpleDataSource(), schema);
  }

  /**
   * The configured PostgreSQL in {@code schema} through a pool of up to {@code max} connections, as
   * a host would give it to the store; null if none is configured. Without a pool each of the
   * store's transactions opens a connection (a new server process): on this project's machine that
   * held the revocation drain to a quarter of its pooled rate (239/s against 1,036/s). Close it
   * when done.
   */
  @SuppressWarnings("deprecation") // pgjdbc's own pool is enough here, without a new dependency
  static PGPoolingDataSource pooled(String schema, int max) {
    PGPoolingDataSource ds = configure(new PGPoolingDataSource(), schema);
    if (ds != null) {
      ds.setMaxConnections(max);
      // Its close() fails without a name; the name must be unique in the JVM.
      ds.setDataSourceName(schema + "-" + UUID.randomUUID());
    }
    return ds;
  }

  private static <T extends BaseDataSource> T configure(T ds, String schema) {
    String url = System.getenv("LESSOR_TEST_POSTGRES_URL");
    if (url == null || url.isBlank()) {
      return null;
    }
    ds.setUrl(url);
    ds.setUser(System.getenv("LESSOR_TEST_POSTGRES_USER"));
    ds.setPassword(System.getenv("LESSOR_TEST_POSTGRES_PASSWORD"));
    ds.setCurrentSchema(schema);
    return ds;
  }

  /** Drops the data source's schema with everything in it, and creates it empty. */
  static void recreateSchema(PGSimpleDataSource ds) {
    dropSchema(ds);
    execute(ds, "CREATE SCHEMA " + ds.getCurrentSchema());
  }

  static void dropSchema(PGSimpleDataSource ds) {
    execute(ds, "DROP SCHEMA IF EXISTS " + ds.getCurrentSchema() + " CASCADE");
  }

  /** Runs one statement in its own transaction. */
  static void execute(DataSource ds, String sql) {
    try (Connection c = ds.getConnection();
        Statement statement = c.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL: " + sql + " failed: " + e.getMessage(), e);
    }
  }

  /** The lease table's bytes with its indexes and TOAST, without the WAL (which is recycled). */
  static long leaseTableBytes(DataSource ds) {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_total_relation_size('lessor_lease')")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL: cannot read the table size", e);
    }
  }
}
