package dev.lessor.bench;

import dev.lessor.jdbc.JdbcStores;
import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.postgresql.ds.PGPoolingDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where the ten-million row keeps its leases ({@code --ten-million-store}): the embedded store
 * (SQLite) in a temporary directory, or PostgreSQL in a schema of its own. Both are unencrypted, so
 * that the rows are the same on both. Each opens an empty store for the baseline heap and the row's
 * own store, writes the far leases ({@code live/0} to {@code live/n-1}, see {@link #farLease}) in
 * its fastest way that still writes rows exactly as the store does, and measures its bytes on disk.
 * Closing deletes both stores.
 */
abstract class TenMillionStore implements AutoCloseable {
  static final String SQLITE = "sqlite";
  static final String POSTGRES = "postgres";
  static final Set<String> NAMES = Set.of(SQLITE, POSTGRES);

  /** Far leases written by one statement (PostgreSQL) or one fill (SQLite), for progress. */
  static final int CHUNK = 1_000_000;

  /** The store {@code --ten-million-store} names, one of {@link #NAMES}. */
  static TenMillionStore named(String name) {
    return name.equals(POSTGRES) ? postgres("lessor_bench_tenmillion") : new Sqlite();
  }

  /**
   * PostgreSQL in {@code schema}, with the empty store in {@code schema_empty}; both are dropped
   * and created empty now, and dropped on {@link #close}.
   *
   * @throws IllegalStateException when no PostgreSQL is configured
   */
  static TenMillionStore postgres(String schema) {
    return new Postgres(schema);
  }

  /** Far lease {@code i}: active, issued at {@code now}, expiring {@code ttl} later. */
  static LeaseRecord farLease(int i, Instant now, Duration ttl) {
    return JournalFigures.record("live/" + i, now, ttl);
  }

  /** The store's name in the figures. */
  abstract String displayName();

  /** How the far leases are written, for the fill figure. */
  abstract String fillMethod();

  /** A store no lease was ever written to, for the baseline heap. */
  abstract JdbcStores openEmpty();

  /** The row's store. */
  abstract JdbcStores open();

  /** Writes far leases {@code from} to {@code from + count - 1} into the row's store. */
  abstract void fillChunk(JdbcStores stores, int from, int count, Instant now, Duration ttl);

  /**
   * Time the due leases take to write through {@link LeaseStore#insert} beyond the row's lead, so
   * that none falls due before the restart: SQLite writes 100,000 in seconds, PostgreSQL commits
   * far fewer a second.
   */
  abstract Duration dueFillAllowance(int due);

  /** Called once every far lease is written. */
  void filled() {}

  abstract long bytesOnDisk();

  @Override
  public abstract void close();

  /**
   * Reads far leases back through the store and fails the run unless each is the lease {@link
   * #farLease} describes: a row the store cannot read would make every figure after it a lie.
   */
  static void verify(LeaseStore store, int count, Instant now, Duration ttl) {
    for (int i : new int[] {0, 1, count / 2, count - 1}) {
      LeaseRecord expected = farLease(i, now, ttl);
      Optional<LeaseRecord> read;
      try {
        read = store.get(expected.id());
      } catch (RuntimeException e) {
        throw new IllegalStateException("far lease " + i + " does not read back: " + e, e);
      }
      if (!read.equals(Optional.of(expected))) {
        throw new IllegalStateException(
            "far lease " + i + " reads back as " + read + ", expected " + expected);
      }
    }
  }

  /** SQLite: every far lease through {@link LeaseStore#insert}, from 16 threads. */
  private static final class Sqlite extends TenMillionStore {
    private final Path empty = JournalFigures.tempDir("empty");
    private final Path dir = JournalFigures.tempDir("tenmillion");

    @Override
    String displayName() {
      return "SQLite";
    }

    @Override
    String fillMethod() {
      return "insert, 16 threads";
    }

    @Override
    Duration dueFillAllowance(int due) {
      return Duration.ZERO;
    }

    @Override
    JdbcStores openEmpty() {
      return JdbcStores.embedded(empty);
    }

    @Override
    JdbcStores open() {
      return JdbcStores.embedded(dir);
    }

    @Override
    void fillChunk(JdbcStores stores, int from, int count, Instant now, Duration ttl) {
      JournalFigures.fill(stores.leaseStore(), count, i -> farLease(from + i, now, ttl));
    }

    @Override
    long bytesOnDisk() {
      return ProbeStores.bytesOnDisk(dir);
    }

    @Override
    public void close() {
      JournalFigures.deleteQuietly(empty);
      JournalFigures.deleteQuietly(dir);
    }
  }

  /**
   * PostgreSQL: far lease 0 through {@link LeaseStore#insert}, every other one by {@code INSERT ...
   * SELECT} copying its row with only the id changed (through {@code LeaseStore.insert} it would
   * take hours). The copies are exactly the store's rows because the internal data is not
   * encrypted: encrypted, it is bound to the id, and {@link #verify} would fail the run. The stores
   * get their connections from a pool ({@link BenchPostgres#pooled}), as in a deployment.
   */
  @SuppressWarnings("deprecation") // pgjdbc's pool: see BenchPostgres.pooled
  private static final class Postgres extends TenMillionStore {
    private static final String COPY =
        "INSERT INTO lessor_lease (id, mount, path, state, issue_time, expire_time,"
            + " max_expire_time, renewable, internal, due_time, attempts, last_error, version,"
            + " engine)"
            + " SELECT ? || g, mount, path, state, issue_time, expire_time, max_expire_time,"
            + " renewable, internal, due_time, attempts, last_error, version, engine"
            + " FROM lessor_lease, generate_series(?, ?) AS g WHERE id = ?";

    /** Enough for the revocations in flight (16), the group commit and the claims. */
    private static final int POOL = 32;

    private final PGSimpleDataSource empty;
    private final PGSimpleDataSource full;
    private final PGPoolingDataSource emptyPool;
    private final PGPoolingDataSource fullPool;

    Postgres(String schema) {
      empty = schema(schema + "_empty");
      full = schema(schema);
      emptyPool = BenchPostgres.pooled(schema + "_empty", POOL);
      fullPool = BenchPostgres.pooled(schema, POOL);
    }

    private static PGSimpleDataSource schema(String name) {
      PGSimpleDataSource ds = BenchPostgres.dataSource(name);
      if (ds == null) {
        throw new IllegalStateException(
            "--ten-million-store postgres: " + BenchPostgres.NOT_CONFIGURED);
      }
      BenchPostgres.recreateSchema(ds);
      return ds;
    }

    @Override
    String displayName() {
      return "PostgreSQL";
    }

    @Override
    String fillMethod() {
      return "INSERT ... SELECT copies of a row the store wrote";
    }

    /**
     * At 1,000 a second: 64 threads wrote 100,000 in 53 s on this project's machine (load 6). A
     * slower machine fails the run loudly rather than measure the fill as lateness.
     */
    @Override
    Duration dueFillAllowance(int due) {
      return Duration.ofSeconds(due / 1_000);
    }

    @Override
    JdbcStores openEmpty() {
      return JdbcStores.builder().postgres(emptyPool).build();
    }

    @Override
    JdbcStores open() {
      return JdbcStores.builder().postgres(fullPool).build();
    }

    @Override
    void fillChunk(JdbcStores stores, int from, int count, Instant now, Duration ttl) {
      int first = from;
      if (from == 0) {
        stores.leaseStore().insert(farLease(0, now, ttl));
        first = 1;
      }
      String template = farLease(0, now, ttl).id();
      try (Connection c = full.getConnection();
          PreparedStatement ps = c.prepareStatement(COPY)) {
        ps.setString(1, template.substring(0, template.length() - 1)); // "…/live/"
        ps.setInt(2, first);
        ps.setInt(3, from + count - 1);
        ps.setString(4, template);
        int written = ps.executeUpdate();
        if (written != from + count - first) {
          throw new IllegalStateException(
              "PostgreSQL: copied " + written + " far leases, expected " + (from + count - first));
        }
      } catch (SQLException e) {
        throw new IllegalStateException("PostgreSQL: filling failed: " + e.getMessage(), e);
      }
    }

    /**
     * What autovacuum does on its own after a large insert (PostgreSQL 13+), done now so that it
     * does not run during the measurement: statistics for the planner, the visibility map.
     */
    @Override
    void filled() {
      BenchPostgres.execute(full, "VACUUM (ANALYZE) lessor_lease");
    }

    @Override
    long bytesOnDisk() {
      return BenchPostgres.leaseTableBytes(full);
    }

    @Override
    public void close() {
      emptyPool.close();
      fullPool.close();
      BenchPostgres.dropSchema(empty);
      BenchPostgres.dropSchema(full);
    }
  }
}
