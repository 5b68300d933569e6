package dev.lessor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.Lessor;
import dev.lessor.testing.FakeSecretsEngine;
import dev.lessor.testing.ManualClock;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM issuing leases on H2 is killed with SIGKILL mid-flight; a new Lessor on the same file
 * revokes every lease it left, the ones it had handed out and the ones still pending.
 */
class H2LessorCrashIT {
  private static final EncryptionKey KEY = TestKeys.key(5);
  private static final int ISSUED_BEFORE_KILL = 200;

  @TempDir Path dir;

  @Test
  void lessorKilled_newLessorOnSameFile_revokesEveryLeaseItLeft() throws Exception {
    Process child =
        ChildJvm.start(H2LessorCrashIT.class, Redirect.DISCARD, Map.of(), dir.toString());
    List<String> handedOut = ChildJvm.readLinesThenKill(child, ISSUED_BEFORE_KILL);

    ManualClock clock = new ManualClock(Instant.now());
    FakeSecretsEngine engine = new FakeSecretsEngine();
    try (JdbcStores stores = JdbcStores.h2(dir, KEY);
        Lessor lessor = TestLessors.onManualClock(stores, clock).build()) {
      lessor.mount("fake/", engine);
      long left = lessor.leases().count();
      assertThat(left).isGreaterThanOrEqualTo(ISSUED_BEFORE_KILL);

      clock.advance(Duration.ofHours(2)); // past the 1h TTLs and the 10 min pending timeout

      assertThat(engine.revokedLeases()).containsAll(handedOut).doesNotHaveDuplicates();
      assertThat(engine.revokedLeases()).hasSize((int) left);
      assertThat(lessor.leases().count()).isZero();
    }
  }

  /** The child: 4 threads issue 1h leases until killed, printing each id once it is handed out. */
  public static void main(String[] args) {
    JdbcStores stores = JdbcStores.h2(Path.of(args[0]), KEY);
    Lessor lessor =
        Lessor.builder().leaseStore(stores.leaseStore()).storage(stores.storage()).build();
    lessor.mount("fake/", new FakeSecretsEngine());
    ChildJvm.printForever(
        4, () -> lessor.read("fake/creds/app", Map.of("ttl", "1h")).lease().orElseThrow().id());
  }
}
