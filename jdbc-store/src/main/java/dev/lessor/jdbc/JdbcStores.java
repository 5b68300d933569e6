package dev.lessor.jdbc;

import dev.lessor.InvalidRequestException;
import dev.lessor.LessorException;
import dev.lessor.UpstreamException;
import dev.lessor.store.LeaseStore;
import dev.lessor.store.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.LoggerFactory;

/**
 * Durable stores over JDBC: a {@link LeaseStore} and a {@link Storage} on one database, SQLite in a
 * local file or PostgreSQL.
 *
 * <ul>
 *   <li>{@link #embedded(Path, EncryptionKey)}: the embedded default for one application process,
 *       SQLite in {@code dir} (WAL journal, {@code synchronous=FULL}, one writer connection with
 *       group commit). A write returns once it is synced to disk: it survives a killed process and
 *       a power loss.
 *   <li>{@link #postgres(DataSource, EncryptionKey)}: for several instances sharing their leases;
 *       each lease is revoked by exactly one of them, and the leases of an instance that died are
 *       revoked by the others.
 *   <li>{@link #h2(Path)}: deprecated. H2 2.x can lose writes it acknowledged when the process is
 *       killed (its explicit checkpoint may return before a concurrent background store reached the
 *       file), and rows written around a kill may never be writable again.
 * </ul>
 *
 * <p>Opening creates or upgrades the schema and checks the encryption key against the one the store
 * was created with: a wrong key, or a missing one, fails here with a {@link LessorException} that
 * says so. An unreachable database fails with a retryable {@link UpstreamException}.
 *
 * <p>Thread-safe. Holds the embedded database open (or nothing, for a host's DataSource, which
 * stays the host's to close) until {@link #close()}; the stores fail once it is closed.
 */
public final class JdbcStores implements AutoCloseable {
  /** The default most writes one group commit carries. */
  public static final int DEFAULT_MAX_BATCH = 256;

  /**
   * The default bound on each statement of a write or claim: see {@link Builder#statementTimeout}.
   */
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Database.DEFAULT_STATEMENT_BOUND;

  private final Database db;
  private final JdbcLeaseStore leaseStore;
  private final JdbcStorage storage;
  private final Runnable closeOwned;

  private JdbcStores(Database db, ValueCipher cipher, String storeId, Runnable closeOwned) {
    this.db = db;
    this.leaseStore = new JdbcLeaseStore(db, cipher, storeId);
    this.storage = new JdbcStorage(db, cipher);
    this.closeOwned = closeOwned;
  }

  /**
   * Stores in the embedded database in {@code dir} (SQLite, created if missing), encrypted with
   * {@code key}: the durable store for one application process.
   */
  public static JdbcStores embedded(Path dir, EncryptionKey key) {
    return sqlite(dir, key);
  }

  /** Unencrypted stores in the embedded database in {@code dir} (SQLite, created if missing). */
  public static JdbcStores embedded(Path dir) {
    return sqlite(dir);
  }

  /**
   * Unencrypted stores in an H2 database in {@code dir}, created if missing.
   *
   * @deprecated H2 can lose acknowledged writes when the process is killed: use {@link
   *     #embedded(Path)}. Kept to read old H2 stores.
   */
  @Deprecated(since = "0.1.0")
  public static JdbcStores h2(Path dir) {
    return builder().h2(dir).build();
  }

  /**
   * Stores in an H2 database in {@code dir}, encrypted with {@code key}.
   *
   * @deprecated H2 can lose acknowledged writes when the process is killed: use {@link
   *     #embedded(Path, EncryptionKey)}. Kept to read old H2 stores.
   */
  @Deprecated(since = "0.1.0")
  public static JdbcStores h2(Path dir, EncryptionKey key) {
    return builder().h2(dir).encryptionKey(key).build();
  }

  /** Unencrypted stores in a SQLite database in {@code dir}, created if missing. */
  public static JdbcStores sqlite(Path dir) {
    return builder().sqlite(dir).build();
  }

  /** Stores in a SQLite database in {@code dir}, encrypted with {@code key}. */
  public static JdbcStores sqlite(Path dir, EncryptionKey key) {
    return builder().sqlite(dir).encryptionKey(key).build();
  }

  /** Stores in the PostgreSQL database of {@code dataSource}, encrypted with {@code key}. */
  public static JdbcStores postgres(DataSource dataSource, EncryptionKey key) {
    return builder().postgres(dataSource).encryptionKey(key).build();
  }

  /** A builder for the less common options. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The lease store; closing it does nothing, close this holder instead. Its {@link
   * LeaseStore#storeId() id} is created once with the schema and kept in the database, so every
   * instance and every start on this database has the same one.
   */
  public LeaseStore leaseStore() {
    return leaseStore;
  }

  /** The key/value storage for engine configuration. */
  public Storage storage() {
    return storage;
  }

  /** Closes the H2 database, if this holder opened it; the stores fail afterwards. Idempotent. */
  @Override
  public void close() {
    db.close();
    if (closeOwned != null) {
      closeOwned.run();
    }
  }

  @Override
  public String toString() {
    return "JdbcStores{" + db.name() + "}";
  }

  /**
   * Chooses the database and options. Not thread-safe; {@link #build()} opens the stores. Exactly
   * one of {@link #h2(Path)} and {@link #postgres(DataSource)} must be set.
   */
  public static final class Builder {
    private Path h2Dir;
    private Path sqliteDir;
    private DataSource dataSource;
    private EncryptionKey key;
    private int maxBatch = DEFAULT_MAX_BATCH;
    private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;

    private Builder() {}

    /**
     * Use an H2 database in {@code dir} (created if missing).
     *
     * @deprecated H2 can lose acknowledged writes when the process is killed: use {@link
     *     #sqlite(Path)}.
     */
    @Deprecated(since = "0.1.0")
    public Builder h2(Path dir) {
      this.h2Dir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Use a SQLite database in {@code dir} (created if missing). */
    public Builder sqlite(Path dir) {
      this.sqliteDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Use the PostgreSQL database of {@code dataSource} (pooled, ideally); the host closes it. */
    public Builder postgres(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /** Encrypt storage values and lease internal data with {@code key}. */
    public Builder encryptionKey(EncryptionKey key) {
      this.key = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * The most concurrent writes one commit carries (default {@value #DEFAULT_MAX_BATCH}); 1
     * commits every write on its own.
     */
    public Builder maxBatchSize(int maxBatch) {
      if (maxBatch < 1) {
        throw new InvalidRequestException("maxBatchSize", "must be at least 1");
      }
      this.maxBatch = maxBatch;
      return this;
    }

    /**
     * How long each statement of a write or a claim may wait for a lock (or, on SQLite, for its
     * turn to write) or run before it fails (default 30 s). A call that fails so throws a retryable
     * {@link UpstreamException}: the revocation loop tries that lease again later and goes on with
     * the others, so a row held by a session that never ends stops nothing else. On PostgreSQL it
     * sets {@code lock_timeout} and {@code statement_timeout} for each of the store's transactions;
     * on H2 lock waits are bounded by H2's own 10 s lock timeout.
     */
    public Builder statementTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.toMillis() < 1) {
        throw new InvalidRequestException("statementTimeout", "must be at least 1 ms");
      }
      this.statementTimeout = timeout;
      return this;
    }

    /**
     * Opens the stores: creates or upgrades the schema and checks the key.
     *
     * @throws LessorException when the key does not match the store
     * @throws UpstreamException when the database cannot be reached or used
     */
    public JdbcStores build() {
      int set =
          (h2Dir == null ? 0 : 1) + (sqliteDir == null ? 0 : 1) + (dataSource == null ? 0 : 1);
      if (set != 1) {
        throw new InvalidRequestException(
            "database", "set exactly one of sqlite(dir), h2(dir), postgres(ds)");
      }
      ValueCipher cipher = ValueCipher.of(key);
      if (key == null) {
        // Said once per store opened: root credentials would sit in the database in plain text.
        LoggerFactory.getLogger(JdbcStores.class)
            .warn(
                "this Lessor store is opened without an encryption key: engine configuration,"
                    + " root credentials included, is stored in plain text; pass an"
                    + " EncryptionKey to encrypt it");
      }
      if (sqliteDir != null) {
        return openSqlite(cipher);
      }
      return h2Dir != null ? openH2(cipher) : open(dataSource, Dialect.POSTGRES, null, cipher);
    }

    private JdbcStores openSqlite(ValueCipher cipher) {
      Path dir = directory(sqliteDir, "SQLite");
      String name = "SQLite store at " + dir;
      SqliteConnections connections;
      try {
        connections = SqliteConnections.open(dir.resolve("lessor.db"), statementTimeout);
      } catch (SQLException e) {
        throw SqlErrors.translate(name, "open", e);
      }
      try {
        Database db =
            new Database(
                connections.writes(),
                connections.reads(),
                Dialect.SQLITE,
                name,
                maxBatch,
                statementTimeout);
        String storeId = Schema.prepare(db, cipher);
        return new JdbcStores(db, cipher, storeId, connections::close);
      } catch (RuntimeException e) {
        connections.close();
        throw e;
      }
    }

    private static Path directory(Path configured, String database) {
      Path dir = configured.toAbsolutePath().normalize();
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot create the " + database + " store directory " + dir, e);
      }
      return dir;
    }

    private JdbcStores openH2(ValueCipher cipher) {
      Path dir = directory(h2Dir, "H2");
      String url = "jdbc:h2:file:" + dir.resolve("lessor") + ";LOCK_TIMEOUT=10000";
      JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
      pool.setMaxConnections(64);
      try {
        return open(pool, Dialect.H2, pool::dispose, cipher, "H2 store at " + dir);
      } catch (RuntimeException e) {
        pool.dispose();
        throw e;
      }
    }

    private JdbcStores open(DataSource ds, Dialect dialect, Runnable owned, ValueCipher cipher) {
      return open(ds, dialect, owned, cipher, dialect.displayName() + " store");
    }

    private JdbcStores open(
        DataSource ds, Dialect dialect, Runnable owned, ValueCipher cipher, String name) {
      Database db = new Database(ds, ds, dialect, name, maxBatch, statementTimeout);
      String storeId = Schema.prepare(db, cipher);
      return new JdbcStores(db, cipher, storeId, owned);
    }
  }
}
