package dev.lessor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.jdbc.PostgresInstances.Instance;
import dev.lessor.store.LeaseRecord;
import dev.lessor.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Three Lessor instances on one PostgreSQL database; one dies, the others revoke its leases. */
class PostgresSharedLeasesIT {
  private static final EncryptionKey KEY = TestKeys.key(9);
  private static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(5);

  private final PostgresInstances instances = new PostgresInstances(KEY);
  private final ManualClock clock = instances.clock;

  @AfterEach
  void closeAll() throws Exception {
    instances.close();
  }

  private Instance start(DataSource ds) {
    return instances.start(ds, b -> b.claimTimeout(CLAIM_TIMEOUT));
  }

  private static List<String> issue(Instance instance, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(
          instance.lessor().read("fake/creds/app", Map.of("ttl", "1h")).lease().orElseThrow().id());
    }
    return ids;
  }

  @Test
  void instanceDies_othersRevokeEachOfItsLeasesExactlyOnce() {
    DataSource ds = PostgresTestDatabase.emptyDatabase();
    Instance dying = start(ds);
    Instance b = start(ds);
    Instance c = start(ds);
    List<String> dyingIds = issue(dying, 60);
    List<String> otherIds = Stream.concat(issue(b, 20).stream(), issue(c, 20).stream()).toList();
    // The dying instance had claimed ten of its leases for revocation when it died.
    List<LeaseRecord> claimedByDead =
        dying
            .stores()
            .leaseStore()
            .claimDue(
                clock.instant().plus(Duration.ofHours(1)),
                clock.instant().plus(Duration.ofHours(1)).plus(CLAIM_TIMEOUT),
                10);
    assertThat(claimedByDead).hasSize(10);
    dying.lessor().close();
    dying.stores().close();

    clock.advance(Duration.ofHours(1));
    Await.await(
        "the unclaimed leases to be revoked",
        () -> revoked(b, c).size() == 90,
        Duration.ofSeconds(60));
    assertThat(revoked(b, c))
        .doesNotContainAnyElementsOf(claimedByDead.stream().map(LeaseRecord::id).toList());

    Await.await(
        "the revoked leases to leave the store",
        () -> b.lessor().leases().count() == 10,
        Duration.ofSeconds(60));
    clock.advance(CLAIM_TIMEOUT);
    // Time goes on as it would for live instances, so that wake-ups scheduled by workers that
    // were finishing while the clock jumped come due too.
    Await.await(
        "the leases the dead instance had claimed to be revoked",
        () -> {
          clock.advance(Duration.ofSeconds(10));
          return revoked(b, c).size() == 100;
        },
        Duration.ofSeconds(60));

    List<String> all = revoked(b, c);
    assertThat(all).doesNotHaveDuplicates();
    assertThat(all).containsExactlyInAnyOrderElementsOf(concat(dyingIds, otherIds));
    assertThat(b.engine().revocationCalls() + c.engine().revocationCalls()).isEqualTo(100);
    Await.await(
        "the store to be empty", () -> b.lessor().leases().count() == 0, Duration.ofSeconds(60));
    assertThat(dying.engine().revocationCalls()).isZero();
  }

  private static List<String> revoked(Instance b, Instance c) {
    return concat(b.engine().revokedLeases(), c.engine().revokedLeases());
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
