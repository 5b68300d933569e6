package dev.lessor.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * One write queued in the {@link GroupCommitter}: the caller's work and, once its batch is done,
 * its result or error. A write whose caller waits is done when {@link #done} is set; a deferred
 * write ({@link GroupCommitter#submitLater}) also completes its future then. Fields are written by
 * the flushing thread and read by the caller after the committer's lock handed them over.
 */
final class CommitWork<T> {
  private final SqlWork<T> work;
  private final CompletableFuture<T> future;

  /** When it was queued, on {@link System#nanoTime()}: a deferred write waits a bounded time. */
  final long queuedAt;

  private T tentative;
  private T result;
  private Throwable error;
  volatile boolean done;

  private CommitWork(SqlWork<T> work, CompletableFuture<T> future, long queuedAt) {
    this.work = work;
    this.future = future;
    this.queuedAt = queuedAt;
  }

  /** A write whose caller waits for it. */
  static <T> CommitWork<T> waited(SqlWork<T> work, long queuedAt) {
    return new CommitWork<>(work, null, queuedAt);
  }

  /** A write whose caller goes on: the future completes once it is durable, or failed. */
  static <T> CommitWork<T> deferred(SqlWork<T> work, long queuedAt) {
    return new CommitWork<>(work, new CompletableFuture<>(), queuedAt);
  }

  /** Whether its caller goes on without waiting for it. */
  boolean deferred() {
    return future != null;
  }

  /** The future of a deferred write. */
  CompletableFuture<T> future() {
    return future;
  }

  void runTentatively(Connection c) throws SQLException {
    tentative = work.run(c);
  }

  /** Its transaction committed durably. Completes the future (its callbacks run on this thread). */
  void confirm() {
    result = tentative;
    done = true;
    if (future != null) {
      future.complete(result);
    }
  }

  void fail(Throwable e) {
    error = e;
    done = true;
    if (future != null) {
      future.completeExceptionally(asSqlOrRuntime(e));
    }
  }

  void failIfOpen(Throwable e) {
    if (!done) {
      fail(e);
    }
  }

  T result() throws SQLException {
    Throwable e = error == null ? null : asSqlOrRuntime(error);
    if (e instanceof SQLException sql) {
      throw sql;
    }
    if (e instanceof RuntimeException runtime) {
      throw runtime;
    }
    return result;
  }

  private static Throwable asSqlOrRuntime(Throwable error) {
    if (error instanceof SQLException || error instanceof RuntimeException) {
      return error;
    }
    // An Error in the flush, perhaps on another writer's thread: whether the commit happened is
    // unknown, as after a lost connection.
    return new SQLException("the group commit of this write failed: " + error, error);
  }
}
