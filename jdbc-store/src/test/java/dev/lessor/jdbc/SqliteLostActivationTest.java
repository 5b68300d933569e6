package dev.lessor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.Lease;
import dev.lessor.LeaseState;
import dev.lessor.Lessor;
import dev.lessor.testing.FakeSecretsEngine;
import dev.lessor.testing.ManualClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store after a crash between a lease's PENDING insert and the commit of its deferred
 * ACTIVE write: the next start revokes the lease at its pending deadline, before its expiry.
 */
class SqliteLostActivationTest {
  private static final EncryptionKey KEY = TestKeys.key(7);
  private static final Duration PENDING_TIMEOUT = Duration.ofMinutes(10);

  @TempDir Path dir;

  private static Lessor lessor(ManualClock clock, JdbcStores stores) {
    return TestLessors.onManualClock(stores, clock).pendingTimeout(PENDING_TIMEOUT).build();
  }

  @Test
  void restart_activeWriteLostInCrash_revokedAtPendingDeadlineBeforeExpiry() throws SQLException {
    ManualClock clock = new ManualClock();
    Lease lease;
    try (JdbcStores stores = JdbcStores.sqlite(dir, KEY);
        Lessor first = lessor(clock, stores)) {
      first.mount("fake/", new FakeSecretsEngine());
      lease = first.read("fake/creds/app", Map.of("ttl", "1h")).lease().orElseThrow();
    }
    rewindToPending(lease); // what the file holds when the process died before that commit

    FakeSecretsEngine after = new FakeSecretsEngine();
    try (JdbcStores stores = JdbcStores.sqlite(dir, KEY);
        Lessor second = lessor(clock, stores)) {
      second.mount("fake/", after);
      assertThat(second.leases().lookup(lease.id()).orElseThrow().state())
          .isEqualTo(LeaseState.PENDING);

      clock.advance(PENDING_TIMEOUT.minusSeconds(1));
      assertThat(after.revokedLeases()).isEmpty();
      clock.advance(Duration.ofSeconds(1));

      assertThat(after.revokedLeases()).containsExactly(lease.id());
      assertThat(clock.instant()).isBefore(lease.expireTime());
      assertThat(second.leases().count()).isZero();
    }
  }

  private void rewindToPending(Lease lease) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("lessor.db"))) {
      TestLeases.rewindToPending(c, lease, PENDING_TIMEOUT);
    }
  }
}
