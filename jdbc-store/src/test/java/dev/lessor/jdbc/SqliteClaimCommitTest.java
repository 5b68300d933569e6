package dev.lessor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.store.LeaseRecord;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On SQLite the revocation loop's claims share the group commit with the writes waiting beside them
 * (the deletes of revocations in flight): one commit, one WAL sync, rather than one each.
 */
class SqliteClaimCommitTest {
  private static final Duration BOUND = Duration.ofSeconds(30);

  @TempDir Path dir;

  private final AtomicInteger commits = new AtomicInteger();
  private SqliteConnections connections;
  private Database db;
  private JdbcLeaseStore store;

  @BeforeEach
  void open() throws SQLException {
    connections = SqliteConnections.open(dir.resolve("lessor.db"), BOUND);
    db =
        new Database(
            countingCommits(connections.writes()),
            connections.reads(),
            Dialect.SQLITE,
            "test store",
            JdbcStores.DEFAULT_MAX_BATCH,
            BOUND);
    ValueCipher cipher = ValueCipher.none();
    store = new JdbcLeaseStore(db, cipher, Schema.prepare(db, cipher));
  }

  @AfterEach
  void close() {
    db.close();
    connections.close();
  }

  /** Counts the commits of the writer connection. */
  private DataSource countingCommits(DataSource writes) {
    return (DataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = method.invoke(writes, args);
              if (!(result instanceof Connection c)) {
                return result;
              }
              return Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (p, m, a) -> {
                    if (m.getName().equals("commit")) {
                      commits.incrementAndGet();
                    }
                    return m.invoke(c, a);
                  });
            });
  }

  @Test
  void claimDue_whileADeleteWaitsForTheWriter_sharesItsCommit() throws Exception {
    Instant now = TestLeases.T0.plusSeconds(7200);
    store.insert(TestLeases.active("aws/creds/r/gone"));
    store.insert(TestLeases.active("aws/creds/r/due"));
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // A write that holds the writer until released, so that the next two queue up behind it.
    CompletableFuture<Integer> holder =
        CompletableFuture.supplyAsync(
            () ->
                db.write(
                    "hold the writer",
                    c -> {
                      holding.countDown();
                      try {
                        return release.await(10, TimeUnit.SECONDS) ? 0 : -1;
                      } catch (InterruptedException e) {
                        throw new SQLException(e);
                      }
                    }));
    assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Boolean> deleted =
        CompletableFuture.supplyAsync(() -> store.delete("aws/creds/r/gone"));
    // The delete first in the batch, so that the claim sees its effect in the shared transaction.
    Await.await("the delete queued", () -> db.queuedWrites() == 1, BOUND);
    CompletableFuture<List<LeaseRecord>> claimed =
        CompletableFuture.supplyAsync(() -> store.claimDue(now, now.plusSeconds(60), 10));
    Await.await("the delete and the claim queued", () -> db.queuedWrites() == 2, BOUND);
    int before = commits.get();
    release.countDown();

    assertThat(holder.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(deleted.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(claimed.get(10, TimeUnit.SECONDS))
        .extracting(LeaseRecord::id)
        .containsExactly("aws/creds/r/due");
    assertThat(commits.get() - before).as("commits after the holder's").isEqualTo(2);
  }
}
