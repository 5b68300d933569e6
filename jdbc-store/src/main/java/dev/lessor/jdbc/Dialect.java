package dev.lessor.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;

/**
 * What differs between the databases the JDBC store runs on; everything else is plain SQL shared by
 * both. Immutable.
 */
enum Dialect {
  /** H2 in a local file: one process, many threads. */
  H2("H2", "VARCHAR(1024)", "VARCHAR", "VARBINARY") {
    @Override
    String upsertStorage() {
      return "MERGE INTO lessor_storage (k, v) KEY (k) VALUES (?, ?)";
    }

    @Override
    String bytesLiteral(byte[] bytes) {
      return "X'" + HexFormat.of().formatHex(bytes) + "'";
    }

    @Override
    void lockSchema(Connection c) {
      // One process opens an H2 file at a time (H2 locks the file), and Schema serializes the
      // threads of this one.
    }

    /**
     * H2 writes committed changes to its file in the background, about once a second; a commit
     * alone survives neither a killed process nor a power loss. The checkpoint is meant to write
     * and sync them, once per group commit.
     *
     * <p>It does not always (H2 2.x, which is why {@link JdbcStores#h2} is deprecated): {@code
     * CHECKPOINT SYNC} runs {@code MVStore.commit()}, which returns without storing when another
     * store (H2's background writer, or a writer over its memory limit) began meanwhile, and that
     * store hands its chunk to H2's serialization and save threads and returns before the bytes
     * reach the file; the {@code FileChannel.force} that follows does not wait for those threads.
     * So the checkpoint can return, and the write be acknowledged, while the chunk holding it is
     * still in memory: a kill then loses it.
     */
    @Override
    void makeDurable(Connection c) throws SQLException {
      try (Statement s = c.createStatement()) {
        s.execute("CHECKPOINT SYNC");
      }
    }
  },

  /**
   * SQLite in a local file: one process, many threads, one writer connection (see {@link
   * SqliteConnections}).
   */
  SQLITE("SQLite", "TEXT", "TEXT", "BLOB") {
    @Override
    String upsertStorage() {
      return "INSERT INTO lessor_storage (k, v) VALUES (?, ?)"
          + " ON CONFLICT (k) DO UPDATE SET v = excluded.v";
    }

    @Override
    String bytesLiteral(byte[] bytes) {
      return "X'" + HexFormat.of().formatHex(bytes) + "'";
    }

    /** Schema upgrades run on the one writer connection, whose BEGIN IMMEDIATE locks the file. */
    @Override
    void lockSchema(Connection c) {}

    /** With {@code synchronous=FULL} in WAL mode, a commit syncs the WAL before it returns. */
    @Override
    void makeDurable(Connection c) {}

    /** One writer at a time: what a claim selects, no other writer can change before its UPDATE. */
    @Override
    String lockDueRows() {
      return "";
    }

    /**
     * Every write takes turns on one connection anyway, and a claim locks no rows: alone, it costs
     * a commit (a WAL sync) of its own between the group commits of the revocations' deletes.
     */
    @Override
    boolean claimsShareCommits() {
      return true;
    }

    /** The id is the key: no hidden rowid and no second index on id. */
    @Override
    String leaseTableOptions() {
      return " WITHOUT ROWID";
    }
  },

  /** PostgreSQL through the host's DataSource: shared by many instances. */
  POSTGRES("PostgreSQL", "TEXT COLLATE \"C\"", "TEXT", "BYTEA") {
    @Override
    String upsertStorage() {
      return "INSERT INTO lessor_storage (k, v) VALUES (?, ?)"
          + " ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v";
    }

    @Override
    String bytesLiteral(byte[] bytes) {
      return "decode('" + HexFormat.of().formatHex(bytes) + "', 'hex')";
    }

    /** Instances starting together upgrade the schema one at a time. */
    @Override
    void lockSchema(Connection c) throws SQLException {
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(7404198761)");
      }
    }

    @Override
    void makeDurable(Connection c) {
      // A PostgreSQL commit is durable once it returns (synchronous_commit is on by default).
    }

    /**
     * A row locked by a session that never ends (a hung host, a dead connection the server has not
     * noticed) would otherwise hold every write of that row, and the revocation loop with it. SET
     * LOCAL lasts until the transaction ends, so the host's pooled connection keeps its settings.
     */
    @Override
    void boundTransaction(Connection c, Duration bound) throws SQLException {
      long ms = Math.max(1, bound.toMillis());
      try (Statement s = c.createStatement()) {
        // set_config(..., true) is SET LOCAL; both in one statement: one round trip per commit
        s.execute(
            "SELECT set_config('lock_timeout', '"
                + ms
                + "', true), set_config('statement_timeout', '"
                + ms
                + "', true)");
      }
    }
  };

  private final String displayName;

  /**
   * A key column: ids and storage keys. PostgreSQL compares them byte-wise (collation "C") so that
   * the primary key index serves prefix LIKE queries and sorts like Java for ordinary ids.
   */
  final String keyType;

  final String textType;
  final String bytesType;

  Dialect(String displayName, String keyType, String textType, String bytesType) {
    this.displayName = displayName;
    this.keyType = keyType;
    this.textType = textType;
    this.bytesType = bytesType;
  }

  String displayName() {
    return displayName;
  }

  /** Inserts or replaces a storage value; parameters are the key and the value. */
  abstract String upsertStorage();

  /** An SQL literal of these bytes, for values fixed in a schema step. */
  abstract String bytesLiteral(byte[] bytes);

  /** Takes the lock that serializes schema upgrades, held until the transaction ends. */
  abstract void lockSchema(Connection c) throws SQLException;

  /** Makes what the connection committed survive a crash. */
  abstract void makeDurable(Connection c) throws SQLException;

  /**
   * Bounds how long each statement of the transaction just begun on {@code c} may wait or run: past
   * {@code bound} it fails, and the caller retries later. H2 bounds lock waits with its
   * LOCK_TIMEOUT setting, and SQLite's writes wait at most the busy timeout for their turn.
   */
  void boundTransaction(Connection c, Duration bound) throws SQLException {}

  /**
   * What ends the claim's SELECT of due rows so that concurrent claims never take the same row and
   * never wait for each other's locks.
   */
  String lockDueRows() {
    return " FOR UPDATE SKIP LOCKED";
  }

  /** What follows the lease table's column list in its CREATE TABLE. */
  String leaseTableOptions() {
    return "";
  }

  /**
   * Whether a claim may share the group committer's transaction with other writes. Where claims
   * lock rows (H2, PostgreSQL), a shared transaction would hold those locks for the whole batch.
   */
  boolean claimsShareCommits() {
    return false;
  }
}
