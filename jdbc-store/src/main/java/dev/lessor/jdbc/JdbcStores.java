package dev.lessor.jdbc;

import dev.lessor.InvalidRequestException;
import dev.lessor.LessorException;
import dev.lessor.UpstreamException;
import dev.lessor.spi.LeaseStore;
import dev.lessor.spi.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Durable stores over JDBC: a {@link LeaseStore} and a {@link Storage} on one database, H2 in a
 * local file or PostgreSQL.
 *
 * <ul>
 *   <li>{@link #h2(Path)}: the embedded default for one application process. The database lives in
 *       {@code dir}; H2 locks the file, so one process at a time uses it.
 *   <li>{@link #postgres(DataSource, EncryptionKey)}: for several instances sharing their leases;
 *       each lease is revoked by exactly one of them, and the leases of an instance that died are
 *       revoked by the others.
 * </ul>
 *
 * <p>Opening creates or upgrades the schema and checks the encryption key against the one the store
 * was created with: a wrong key, or a missing one, fails here with a {@link LessorException} that
 * says so. An unreachable database fails with a retryable {@link UpstreamException}.
 *
 * <p>Thread-safe. Holds the H2 database open (or nothing, for a host's DataSource, which stays the
 * host's to close) until {@link #close()}; the stores fail once it is closed.
 */
public final class JdbcStores implements AutoCloseable {
  /** The default most writes one group commit carries. */
  public static final int DEFAULT_MAX_BATCH = 256;

  private final Database db;
  private final JdbcLeaseStore leaseStore;
  private final JdbcStorage storage;
  private final JdbcConnectionPool ownedPool;

  private JdbcStores(
      Database db, ValueCipher cipher, String storeId, JdbcConnectionPool ownedPool) {
    this.db = db;
    this.leaseStore = new JdbcLeaseStore(db, cipher, storeId);
    this.storage = new JdbcStorage(db, cipher);
    this.ownedPool = ownedPool;
  }

  /** Unencrypted stores in an H2 database in {@code dir}, created if missing. */
  public static JdbcStores h2(Path dir) {
    return builder().h2(dir).build();
  }

  /** Stores in an H2 database in {@code dir}, encrypted with {@code key}. */
  public static JdbcStores h2(Path dir, EncryptionKey key) {
    return builder().h2(dir).encryptionKey(key).build();
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
    if (ownedPool != null) {
      ownedPool.dispose();
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
    private DataSource dataSource;
    private EncryptionKey key;
    private int maxBatch = DEFAULT_MAX_BATCH;

    private Builder() {}

    /** Use an H2 database in {@code dir} (created if missing). */
    public Builder h2(Path dir) {
      this.h2Dir = Objects.requireNonNull(dir, "dir");
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
     * Opens the stores: creates or upgrades the schema and checks the key.
     *
     * @throws LessorException when the key does not match the store
     * @throws UpstreamException when the database cannot be reached or used
     */
    public JdbcStores build() {
      if ((h2Dir == null) == (dataSource == null)) {
        throw new InvalidRequestException("database", "set exactly one of h2(dir), postgres(ds)");
      }
      ValueCipher cipher = ValueCipher.of(key);
      return h2Dir != null ? openH2(cipher) : open(dataSource, Dialect.POSTGRES, null, cipher);
    }

    private JdbcStores openH2(ValueCipher cipher) {
      Path dir = h2Dir.toAbsolutePath().normalize();
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the H2 store directory " + dir, e);
      }
      String url = "jdbc:h2:file:" + dir.resolve("lessor") + ";LOCK_TIMEOUT=10000";
      JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
      pool.setMaxConnections(64);
      try {
        return open(pool, Dialect.H2, pool, cipher, "H2 store at " + dir);
      } catch (RuntimeException e) {
        pool.dispose();
        throw e;
      }
    }

    private JdbcStores open(
        DataSource ds, Dialect dialect, JdbcConnectionPool owned, ValueCipher cipher) {
      return open(ds, dialect, owned, cipher, dialect.displayName() + " store");
    }

    private JdbcStores open(
        DataSource ds, Dialect dialect, JdbcConnectionPool owned, ValueCipher cipher, String name) {
      Database db = new Database(ds, dialect, name, maxBatch);
      String storeId = Schema.prepare(db, cipher);
      return new JdbcStores(db, cipher, storeId, owned);
    }
  }
}
