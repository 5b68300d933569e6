package dev.lessor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite writer's transactions (kept BEGIN IMMEDIATE, COMMIT and ROLLBACK statements on an
 * auto-commit connection) through the group committer: no transaction is left open between commits,
 * and whatever fails (the BEGIN, a statement, the COMMIT, an Error) fails its writes, leaves no
 * transaction open and lets the next batch commit.
 */
class SqliteWriterTest {
  private static final Duration BOUND = Duration.ofMillis(500);

  @TempDir Path dir;

  private SqliteConnections connections;
  private GroupCommitter committer;
  private final AtomicLong nanos = new AtomicLong();

  @BeforeEach
  void open() throws SQLException {
    connections = SqliteConnections.open(dir.resolve("w.db"), BOUND);
    try (Connection c = connections.writes().getConnection();
        Statement s = c.createStatement()) {
      s.execute("PRAGMA foreign_keys = ON");
      s.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
      // Checked at COMMIT: a missing parent fails the COMMIT, not the INSERT.
      s.execute(
          "CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER"
              + " REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)");
    }
    // Its own thread would wait an hour: only waiting writers flush, once half of that passed.
    committer =
        new GroupCommitter(
            connections.writes(), Dialect.SQLITE, 64, BOUND, Duration.ofHours(1), nanos::get);
  }

  @AfterEach
  void close() {
    committer.close();
    connections.close();
  }

  private static SqlWork<Integer> insertParent(int id) {
    return c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO parent (id) VALUES (?)")) {
        ps.setInt(1, id);
        return ps.executeUpdate();
      }
    };
  }

  private static SqlWork<Integer> insertOrphan(int id) {
    return c -> {
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO child (id, parent) VALUES (?, 999)")) {
        ps.setInt(1, id);
        return ps.executeUpdate();
      }
    };
  }

  @Test
  void commit_afterAWrite_leavesNoTransactionOpen() throws SQLException {
    try (Connection c = connections.writes().getConnection()) {
      c.setAutoCommit(false);
      insertParent(1).run(c);
      c.commit();

      // Still the writer's turn, auto-commit still off: yet no write lock is held meanwhile.
      assertThat(anotherConnectionCanWrite()).isTrue();
      c.setAutoCommit(true);
    }
    assertThat(parents()).isEqualTo(1);
  }

  @Test
  void statement_afterACommit_runsInTheNextTransaction() throws SQLException {
    try (Connection c = connections.writes().getConnection()) {
      c.setAutoCommit(false);
      insertParent(1).run(c);
      c.commit();
      insertParent(2).run(c);
      assertThat(anotherConnectionCanWrite()).as("the second write holds the lock").isFalse();
      c.rollback();
      c.setAutoCommit(true);
    }
    assertThat(parents()).isEqualTo(1);
  }

  @Test
  void close_transactionLeftOpen_rolledBackForTheNextHolder() throws SQLException {
    try (Connection c = connections.writes().getConnection()) {
      c.setAutoCommit(false);
      insertParent(1).run(c);
    }

    assertThat(anotherConnectionCanWrite()).isTrue();
    assertThat(parents()).isZero();
    try (Connection c = connections.writes().getConnection()) {
      assertThat(c.getAutoCommit()).isTrue();
    }
  }

  @Test
  void submit_commitFails_failsTheWriteRollsBackAndTheNextBatchCommits() throws Exception {
    assertThatThrownBy(() -> committer.submit(insertOrphan(1)))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("FOREIGN KEY");

    assertThat(anotherConnectionCanWrite()).isTrue();
    assertThat(count("child")).isZero();
    assertThat(committer.submit(insertParent(1))).isEqualTo(1);
    assertThat(parents()).isEqualTo(1);
  }

  @Test
  void submit_commitOfASharedBatchFails_failsEveryWriteOfIt() throws Exception {
    CompletableFuture<Integer> deferred = committer.submitLater(insertParent(1));
    nanos.addAndGet(Duration.ofMinutes(30).toNanos());
    // The waited write carries the deferred one: one batch, one COMMIT, which fails.
    assertThatThrownBy(() -> committer.submit(insertOrphan(1))).hasMessageContaining("FOREIGN KEY");

    assertThat(deferred).failsWithin(5, TimeUnit.SECONDS);
    assertThat(parents()).isZero();
    assertThat(committer.submit(insertParent(2))).isEqualTo(1);
    assertThat(parents()).isEqualTo(1);
  }

  @Test
  void submit_statementFailsInABatch_othersCommitAlone() throws Exception {
    committer.submit(insertParent(1));
    CompletableFuture<Integer> deferred = committer.submitLater(insertParent(2));
    nanos.addAndGet(Duration.ofMinutes(30).toNanos());

    assertThatThrownBy(() -> committer.submit(insertParent(1))).hasMessageContaining("UNIQUE");

    assertThat(deferred.get(5, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(parents()).isEqualTo(2);
    assertThat(anotherConnectionCanWrite()).isTrue();
  }

  @Test
  void submit_errorInTheWork_failsItRollsBackAndTheNextBatchCommits() throws Exception {
    assertThatThrownBy(
            () ->
                committer.submit(
                    c -> {
                      insertParent(1).run(c);
                      throw new AssertionError("boom");
                    }))
        .isInstanceOf(SQLException.class)
        .hasRootCauseInstanceOf(AssertionError.class);

    assertThat(anotherConnectionCanWrite()).isTrue();
    assertThat(parents()).isZero();
    assertThat(committer.submit(insertParent(2))).isEqualTo(1);
    assertThat(parents()).isEqualTo(1);
  }

  @Test
  void submit_beginFailsOnAWriteLockHeldElsewhere_failsThenTheNextBatchCommits() throws Exception {
    try (Connection other = otherConnection();
        Statement s = other.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      assertThatThrownBy(() -> committer.submit(insertParent(1)))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("SQLITE_BUSY");
      s.execute("ROLLBACK");
    }

    assertThat(committer.submit(insertParent(2))).isEqualTo(1);
    assertThat(parents()).isEqualTo(1);
  }

  /** Whether another connection takes the write lock at once (no transaction holds it). */
  private boolean anotherConnectionCanWrite() throws SQLException {
    try (Connection other = otherConnection();
        Statement s = other.createStatement()) {
      try {
        s.execute("BEGIN IMMEDIATE");
      } catch (SQLException busy) {
        return false;
      }
      s.execute("ROLLBACK");
      return true;
    }
  }

  private Connection otherConnection() throws SQLException {
    Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("w.db"));
    try (Statement s = other.createStatement()) {
      s.execute("PRAGMA busy_timeout = 0");
    }
    return other;
  }

  private int parents() throws SQLException {
    return count("parent");
  }

  private int count(String table) throws SQLException {
    try (Connection c = connections.reads().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
