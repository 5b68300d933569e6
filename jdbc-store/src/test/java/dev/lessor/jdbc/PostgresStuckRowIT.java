package dev.lessor.jdbc;

import static dev.lessor.jdbc.TestLeases.T0;
import static dev.lessor.jdbc.TestLeases.dueAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.UpstreamException;
import dev.lessor.store.LeaseRecord;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A lease row locked by a session that never commits (a hung host, a dead connection the server has
 * not noticed yet): claims go on with the other due rows, and a write of the locked row fails
 * within the statement timeout as retryable instead of waiting forever.
 */
class PostgresStuckRowIT {
  private static final Duration BOUND = Duration.ofMillis(500);

  @Test
  void claimAndWrite_earliestRowLockedForever_othersClaimedAndWriteFailsRetryableInBound()
      throws Exception {
    DataSource ds = PostgresTestDatabase.emptyDatabase();
    try (JdbcStores stores =
            JdbcStores.builder()
                .postgres(ds)
                .encryptionKey(TestKeys.key(1))
                .statementTimeout(BOUND)
                .build();
        Connection stuck = ds.getConnection();
        Statement s = stuck.createStatement()) {
      stores.leaseStore().insert(dueAfter("aws/creds/r/1", 1));
      stores.leaseStore().insert(dueAfter("aws/creds/r/2", 2));
      stores.leaseStore().insert(dueAfter("aws/creds/r/3", 3));
      stuck.setAutoCommit(false);
      s.execute("SELECT id FROM lessor_lease WHERE id = 'aws/creds/r/1' FOR UPDATE");

      long start = System.nanoTime();
      assertThat(stores.leaseStore().claimDue(T0.plusSeconds(10), T0.plusSeconds(70), 10))
          .extracting(LeaseRecord::id)
          .containsExactly("aws/creds/r/2", "aws/creds/r/3");
      assertThatThrownBy(() -> stores.leaseStore().delete("aws/creds/r/1"))
          .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.retryable()).isTrue())
          // lock_timeout (55P03) or statement_timeout (57014), whichever the server fires first
          .hasMessageMatching(
              "PostgreSQL store: delete lease aws/creds/r/1 failed"
                  + " \\(SQLState (55P03|57014), may succeed if retried\\)");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

      stuck.rollback();
      assertThat(stores.leaseStore().delete("aws/creds/r/1")).isTrue();
    }
  }
}
