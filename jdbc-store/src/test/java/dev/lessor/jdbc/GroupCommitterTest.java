package dev.lessor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroupCommitterTest {
  private final JdbcConnectionPool pool =
      JdbcConnectionPool.create(
          "jdbc:h2:mem:gc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
  private final AtomicInteger connections = new AtomicInteger();
  private final GroupCommitter committer = new GroupCommitter(counting(pool), Dialect.H2, 64);
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicLong nanos = new AtomicLong();

  @BeforeEach
  void createTable() throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (i INTEGER PRIMARY KEY)");
    }
  }

  @AfterEach
  void close() throws InterruptedException {
    threads.shutdownNow();
    threads.awaitTermination(10, TimeUnit.SECONDS);
    pool.dispose();
  }

  /** Counts connections taken: one per flushed batch. */
  private DataSource counting(DataSource ds) {
    return (DataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection")) {
                connections.incrementAndGet();
              }
              return method.invoke(ds, args);
            });
  }

  private static SqlWork<Integer> insert(int i) {
    return c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (i) VALUES (?)")) {
        ps.setInt(1, i);
        return ps.executeUpdate();
      }
    };
  }

  private int rows() throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /**
   * Starts a write that holds the flush until {@code release} opens, then {@code count} writes of
   * rows 1..count that queue behind it, and waits until they have queued.
   */
  private List<Future<Integer>> queueBehindBlockedFlush(CountDownLatch release, int count)
      throws Exception {
    CountDownLatch flushing = new CountDownLatch(1);
    threads.submit(
        () ->
            committer.submit(
                c -> {
                  flushing.countDown();
                  awaitUninterruptibly(release);
                  return insert(1000).run(c);
                }));
    assertThat(flushing.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<Integer>> followers = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      SqlWork<Integer> work = insert(i);
      followers.add(threads.submit(() -> committer.submit(work)));
    }
    Await.await("writers to queue", () -> committer.queued() == count, Duration.ofSeconds(10));
    return followers;
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void submit_writersQueuedDuringAFlush_shareOneCommit() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Future<Integer>> followers = queueBehindBlockedFlush(release, 10);

    release.countDown();

    for (Future<Integer> f : followers) {
      assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }
    assertThat(connections.get()).isEqualTo(2);
    assertThat(rows()).isEqualTo(11);
  }

  @Test
  void submit_oneFailingWriteInBatch_failsOnlyItsCaller() throws Exception {
    committer.submit(insert(5));
    CountDownLatch release = new CountDownLatch(1);
    List<Future<Integer>> followers = queueBehindBlockedFlush(release, 10);

    release.countDown();

    for (int i = 1; i <= 10; i++) {
      Future<Integer> f = followers.get(i - 1);
      if (i == 5) {
        assertThat(f)
            .failsWithin(Duration.ofSeconds(10))
            .withThrowableOfType(java.util.concurrent.ExecutionException.class)
            .havingCause()
            .isInstanceOf(SQLException.class)
            .matches(e -> SqlErrors.isUniqueViolation((SQLException) e));
      } else {
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(1);
      }
    }
    assertThat(rows()).isEqualTo(11);
  }

  @Test
  void submit_failingWorkAlone_rolledBack() throws Exception {
    SqlWork<Integer> halfDone =
        c -> {
          insert(1).run(c);
          return insert(1).run(c);
        };

    assertThat(committer.submit(insert(2))).isEqualTo(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> committer.submit(halfDone))
        .isInstanceOf(SQLException.class);

    assertThat(rows()).isEqualTo(1);
  }

  @Test
  void submit_errorInSharedBatch_failsEveryWriterOfItWithTheCauseAndGoesOn() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Future<Integer>> followers = queueBehindBlockedFlush(release, 3);
    OutOfMemoryError oom = new OutOfMemoryError("simulated");
    SqlWork<Integer> failing =
        c -> {
          insert(99).run(c);
          throw oom;
        };
    Future<Integer> failer = threads.submit(() -> committer.submit(failing));
    Await.await(
        "the failing writer to queue", () -> committer.queued() == 4, Duration.ofSeconds(10));

    release.countDown();

    List<Future<Integer>> batch = new ArrayList<>(followers);
    batch.add(failer);
    for (Future<Integer> f : batch) {
      assertThat(f)
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .satisfies(e -> assertThat(e).hasRootCause(oom));
    }
    int taken = connections.get();
    assertThat(committer.submit(insert(7))).isEqualTo(1);
    assertThat(connections.get()).isEqualTo(taken + 1);
    // The blocked write and the last one; nothing of the failed batch, not even half of it.
    assertThat(rows()).isEqualTo(2);
  }

  /**
   * A committer whose own thread would wait an hour, on a time that only the test moves: only
   * waiting writers and close flush.
   */
  private GroupCommitter lingeringAnHour() {
    return new GroupCommitter(
        counting(pool), Dialect.H2, 64, Duration.ofSeconds(30), Duration.ofHours(1), nanos::get);
  }

  /** Moves the committer's time on by half its linger: queued deferred writes are then carried. */
  private void halfTheLingerPasses() {
    nanos.addAndGet(Duration.ofMinutes(30).toNanos());
  }

  @Test
  void submitLater_fewerThanCarryAtAndYoung_leftForALaterBatch() throws Exception {
    GroupCommitter lingering = lingeringAnHour();
    List<CompletableFuture<Integer>> deferred = new ArrayList<>();
    for (int i = 1; i < GroupCommitter.CARRY_AT; i++) {
      deferred.add(lingering.submitLater(insert(i)));
    }

    assertThat(lingering.submit(insert(100))).isEqualTo(1);

    assertThat(deferred).allSatisfy(f -> assertThat(f).isNotDone());
    assertThat(rows()).isEqualTo(1);
    assertThat(lingering.queued()).isEqualTo(GroupCommitter.CARRY_AT - 1);
  }

  /**
   * With commits slower than the carry window allows (PostgreSQL at one thread), holding a young
   * deferred write back would leave it to a commit of its own: the next waited write carries it.
   */
  @Test
  void submitLater_afterSlowCommits_nextWaitedWriteCarriesEvenOneYoungWrite() throws Exception {
    GroupCommitter lingering = lingeringAnHour();
    SqlWork<Integer> slow =
        c -> {
          halfTheLingerPasses(); // this commit took half an hour on the committer's time
          return insert(100).run(c);
        };
    assertThat(lingering.submit(slow)).isEqualTo(1);
    CompletableFuture<Integer> deferred = lingering.submitLater(insert(1));

    assertThat(lingering.submit(insert(2))).isEqualTo(1);

    assertThat(deferred).isCompletedWithValue(1);
    assertThat(rows()).isEqualTo(3);
  }

  @Test
  void submitLater_carryAtQueued_nextWaitedWriteCarriesThemInOneCommit() throws Exception {
    GroupCommitter lingering = lingeringAnHour();
    List<CompletableFuture<Integer>> deferred = new ArrayList<>();
    for (int i = 1; i <= GroupCommitter.CARRY_AT; i++) {
      deferred.add(lingering.submitLater(insert(i)));
    }

    assertThat(lingering.submit(insert(100))).isEqualTo(1);

    assertThat(deferred).allSatisfy(f -> assertThat(f).isCompletedWithValue(1));
    assertThat(connections.get()).isEqualTo(1);
    assertThat(rows()).isEqualTo(GroupCommitter.CARRY_AT + 1);
  }

  @Test
  void submitLater_waitedHalfTheLinger_nextWaitedWriteCarriesItInOneCommit() throws Exception {
    GroupCommitter lingering = lingeringAnHour();
    CompletableFuture<Integer> deferred = lingering.submitLater(insert(1));
    assertThat(deferred).isNotDone();
    halfTheLingerPasses();

    assertThat(lingering.submit(insert(2))).isEqualTo(1);

    assertThat(deferred).isCompletedWithValue(1);
    assertThat(connections.get()).isEqualTo(1);
    assertThat(rows()).isEqualTo(2);
  }

  @Test
  void submitLater_noWriterComes_flushedByTheCommittersThread() throws Exception {
    CompletableFuture<Integer> deferred = committer.submitLater(insert(1));

    assertThat(deferred.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(rows()).isEqualTo(1);
  }

  @Test
  void submitLater_afterTheCommittersThreadWentIdle_flushedByIt() throws Exception {
    GroupCommitter quick =
        new GroupCommitter(pool, Dialect.H2, 64, Duration.ofSeconds(30), Duration.ofMillis(20));
    quick.submitLater(insert(1));
    quick.submit(insert(2)); // carries the deferred write: the committer's thread finds none
    Await.await("the committer's thread idle", quick::lingerIdle, Duration.ofSeconds(10));

    CompletableFuture<Integer> deferred = quick.submitLater(insert(3));

    // Not after the thread's idle timeout (30 s): it is woken for the new deferred write.
    assertThat(deferred.get(5, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(rows()).isEqualTo(3);
    quick.close();
  }

  @Test
  void submitLater_failingWorkInABatch_failsOnlyItsFuture() throws Exception {
    GroupCommitter lingering = lingeringAnHour();
    CompletableFuture<Integer> first = lingering.submitLater(insert(1));
    CompletableFuture<Integer> duplicate = lingering.submitLater(insert(1));
    halfTheLingerPasses();

    assertThat(lingering.submit(insert(2))).isEqualTo(1);

    assertThat(first).isCompletedWithValue(1);
    assertThat(duplicate)
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOf(SQLException.class)
        .matches(e -> SqlErrors.isUniqueViolation((SQLException) e));
    assertThat(rows()).isEqualTo(2);
  }

  @Test
  void close_deferredWritesQueued_flushesThemThenRefusesMore() throws Exception {
    GroupCommitter lingering = lingeringAnHour();
    List<CompletableFuture<Integer>> deferred =
        List.of(lingering.submitLater(insert(1)), lingering.submitLater(insert(2)));

    lingering.close();

    assertThat(deferred).allSatisfy(f -> assertThat(f).isCompletedWithValue(1));
    assertThat(rows()).isEqualTo(2);
    assertThat(lingering.submitLater(insert(3)))
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOf(SQLException.class)
        .withFailMessage("the store is closed");
  }
}
