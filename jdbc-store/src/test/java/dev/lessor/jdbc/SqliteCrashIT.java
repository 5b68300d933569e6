package dev.lessor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.LeaseState;
import dev.lessor.spi.LeaseRecord;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that writes leases to SQLite with SIGKILL and checks that every insert that had
 * returned is in the file: an insert is durable before it returns, group commit or not.
 */
class SqliteCrashIT {
  private static final EncryptionKey KEY = TestKeys.key(4);
  private static final int ACKNOWLEDGED_BEFORE_KILL = 400;

  @TempDir Path dir;

  @Test
  void insert_processKilled_everyAcknowledgedLeaseSurvives() throws Exception {
    Process child = ChildJvm.start(SqliteCrashIT.class, Redirect.INHERIT, Map.of(), dir.toString());
    List<String> acknowledged = ChildJvm.readLinesThenKill(child, ACKNOWLEDGED_BEFORE_KILL);

    try (JdbcStores stores = JdbcStores.sqlite(dir, KEY)) {
      List<String> missing =
          acknowledged.stream().filter(id -> stores.leaseStore().get(id).isEmpty()).toList();
      assertThat(missing).isEmpty();
    }
  }

  /** The child: 8 threads insert leases until killed, printing each id once its insert returned. */
  public static void main(String[] args) {
    JdbcStores stores = JdbcStores.sqlite(Path.of(args[0]), KEY);
    AtomicInteger next = new AtomicInteger();
    Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
    ChildJvm.printForever(
        8,
        () -> {
          String id = "aws/creds/r/" + next.incrementAndGet();
          stores
              .leaseStore()
              .insert(
                  new LeaseRecord(
                      id,
                      "aws/",
                      "aws",
                      "aws/creds/r",
                      LeaseState.PENDING,
                      t0,
                      t0.plusSeconds(60),
                      t0.plusSeconds(60),
                      true,
                      Map.of("user_name", "u-" + id),
                      t0.plusSeconds(60),
                      0,
                      null,
                      0));
          return id;
        });
  }
}
