package dev.lessor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.LeaseState;
import dev.lessor.store.LeaseRecord;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills a JVM that writes leases to an embedded store with SIGKILL and checks that every insert
 * that had returned is in the file: an insert is durable before it returns, group commit or not.
 * (The store alone is probed at length by {@code StoreCrashProbe} in the benchmarks.)
 */
class EmbeddedCrashIT {
  private static final EncryptionKey KEY = TestKeys.key(4);
  private static final int ACKNOWLEDGED_BEFORE_KILL = 400;

  @TempDir Path dir;

  // Not "h2": it can lose acknowledged writes when killed (see Dialect.H2), the reason it is
  // deprecated; StoreCrashProbe --store h2 shows it.
  @ParameterizedTest
  @ValueSource(strings = {"sqlite"})
  void insert_processKilled_everyAcknowledgedLeaseSurvives(String kind) throws Exception {
    Process child =
        ChildJvm.start(EmbeddedCrashIT.class, Redirect.INHERIT, Map.of(), kind, dir.toString());
    List<String> acknowledged = ChildJvm.readLinesThenKill(child, ACKNOWLEDGED_BEFORE_KILL);

    try (JdbcStores stores = EmbeddedStores.open(kind, dir, KEY)) {
      List<String> missing =
          acknowledged.stream().filter(id -> stores.leaseStore().get(id).isEmpty()).toList();
      assertThat(missing).isEmpty();
    }
  }

  /** The child: 8 threads insert leases until killed, printing each id once its insert returned. */
  public static void main(String[] args) {
    JdbcStores stores = EmbeddedStores.open(args[0], Path.of(args[1]), KEY);
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
