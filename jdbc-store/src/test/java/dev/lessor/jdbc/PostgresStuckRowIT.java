package dev.lessor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.LeaseState;
import dev.lessor.UpstreamException;
import dev.lessor.store.LeaseRecord;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A lease row locked by a session that never commits (a hung host, a dead connection the server has
 * not noticed yet): claims go on with the other due rows, and a write of the locked row fails
 * within the statement timeout as retryable instead of waiting forever.
 */
class PostgresStuckRowIT {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final Duration BOUND = Duration.ofMillis(500);

  private static LeaseRecord due(String id, int seconds) {
    Instant due = T0.plusSeconds(seconds);
    return new LeaseRecord(
        id,
        "aws/",
        "aws",
        "aws/creds/r",
        LeaseState.ACTIVE,
        T0,
        due,
        due,
        true,
        Map.of(),
        due,
        0,
        null,
        0);
  }

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
      stores.leaseStore().insert(due("aws/creds/r/1", 1));
      stores.leaseStore().insert(due("aws/creds/r/2", 2));
      stores.leaseStore().insert(due("aws/creds/r/3", 3));
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
