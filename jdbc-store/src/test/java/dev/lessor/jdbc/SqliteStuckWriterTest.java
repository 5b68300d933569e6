package dev.lessor.jdbc;

import static dev.lessor.jdbc.TestLeases.T0;
import static dev.lessor.jdbc.TestLeases.dueAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.UpstreamException;
import dev.lessor.store.LeaseRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another process holding SQLite's write lock and never letting go: the store's writes and claims
 * fail within the statement timeout as retryable, rather than hang the revocation loop, and work
 * again once the lock is gone.
 */
class SqliteStuckWriterTest {
  private static final Duration BOUND = Duration.ofMillis(300);

  @TempDir Path dir;

  @Test
  void claimDue_writeLockHeldByAnotherConnection_failsRetryableWithinBoundThenRecovers()
      throws Exception {
    try (JdbcStores stores = JdbcStores.builder().sqlite(dir).statementTimeout(BOUND).build()) {
      stores.leaseStore().insert(dueAfter("aws/creds/r/1", 1));
      stores.leaseStore().insert(dueAfter("aws/creds/r/2", 2));

      try (Connection other =
              DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("lessor.db"));
          Statement s = other.createStatement()) {
        s.execute("BEGIN IMMEDIATE"); // the write lock, held until the end of this block
        long start = System.nanoTime();
        assertThatThrownBy(
                () -> stores.leaseStore().claimDue(T0.plusSeconds(10), T0.plusSeconds(70), 10))
            .isInstanceOfSatisfying(
                UpstreamException.class, e -> assertThat(e.retryable()).isTrue())
            .hasMessageContaining("claim due leases failed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> stores.leaseStore().delete("aws/creds/r/1"))
            .isInstanceOfSatisfying(
                UpstreamException.class, e -> assertThat(e.retryable()).isTrue());
        s.execute("ROLLBACK");
      }

      assertThat(stores.leaseStore().claimDue(T0.plusSeconds(10), T0.plusSeconds(70), 10))
          .extracting(LeaseRecord::id)
          .containsExactly("aws/creds/r/1", "aws/creds/r/2");
    }
  }
}
