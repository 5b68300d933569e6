package dev.lessor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.Lessor;
import dev.lessor.testing.FakeSecretsEngine;
import dev.lessor.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Lessor closed without revoking, and a new one on the same files that revokes it all, on each
 * embedded store.
 */
class EmbeddedRestartTest {
  private static final EncryptionKey KEY = TestKeys.key(7);
  private static final Duration MOUNT_WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private static Lessor lessor(ManualClock clock, JdbcStores stores) {
    return TestLessors.onManualClock(stores, clock).mountWait(MOUNT_WAIT).build();
  }

  /** Issues one lease per TTL in hours, 1h to {@code count}h, on a first Lessor, then closes. */
  private List<String> issueAndClose(
      String kind, ManualClock clock, FakeSecretsEngine engine, int count) {
    List<String> ids = new ArrayList<>();
    try (JdbcStores stores = EmbeddedStores.open(kind, dir, KEY);
        Lessor first = lessor(clock, stores)) {
      first.mount("fake/", engine);
      for (int hours = 1; hours <= count; hours++) {
        ids.add(
            first.read("fake/creds/app", Map.of("ttl", hours + "h")).lease().orElseThrow().id());
      }
    }
    return ids;
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "h2"})
  void restart_newLessorOnSameFiles_revokesEveryLeaseAtItsExpiry(String kind) {
    ManualClock clock = new ManualClock();
    FakeSecretsEngine before = new FakeSecretsEngine();
    List<String> ids = issueAndClose(kind, clock, before, 5);
    assertThat(before.liveCredentials()).hasSize(5);
    assertThat(before.revocationCalls()).isZero();

    FakeSecretsEngine after = new FakeSecretsEngine();
    try (JdbcStores stores = EmbeddedStores.open(kind, dir, KEY);
        Lessor second = lessor(clock, stores)) {
      second.mount("fake/", after);
      assertThat(second.leases().list("fake/")).containsExactlyInAnyOrderElementsOf(ids);

      clock.advance(Duration.ofMinutes(59));
      assertThat(after.revokedLeases()).isEmpty();
      for (int hours = 1; hours <= 5; hours++) {
        clock.advanceTo(ManualClock.DEFAULT_START.plus(Duration.ofHours(hours)));
        assertThat(after.revokedLeases()).containsExactlyElementsOf(ids.subList(0, hours));
      }
      assertThat(second.leases().count()).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "h2"})
  void restart_afterDowntime_revokesLeasesThatExpiredMeanwhileOnceMounted(String kind) {
    ManualClock clock = new ManualClock();
    List<String> ids = issueAndClose(kind, clock, new FakeSecretsEngine(), 4);
    clock.advance(Duration.ofMinutes(150)); // down while the 1h and 2h leases expired

    FakeSecretsEngine after = new FakeSecretsEngine();
    try (JdbcStores stores = EmbeddedStores.open(kind, dir, KEY);
        Lessor second = lessor(clock, stores)) {
      // The new Lessor looked at the store before the engine was mounted, so the overdue leases
      // waited for the mount; they are revoked as soon as it is there.
      second.mount("fake/", after);
      assertThat(after.revokedLeases()).containsExactlyInAnyOrderElementsOf(ids.subList(0, 2));

      clock.advanceTo(ManualClock.DEFAULT_START.plus(Duration.ofHours(3)));
      assertThat(after.revokedLeases()).hasSize(3).endsWith(ids.get(2));
      clock.advanceTo(ManualClock.DEFAULT_START.plus(Duration.ofHours(4)));
      assertThat(after.revokedLeases()).hasSize(4).endsWith(ids.get(3));
    }
  }
}
