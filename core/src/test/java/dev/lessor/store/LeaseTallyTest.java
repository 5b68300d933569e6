package dev.lessor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.lessor.LeaseState;
import dev.lessor.LeaseStats;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaseTallyTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static LeaseRecord record(String id, LeaseState state, Instant expire, Instant due) {
    return new LeaseRecord(
        id,
        "db/",
        "db",
        "creds/r",
        state,
        T0,
        expire,
        expire.plusSeconds(3600),
        true,
        Map.of(),
        due,
        0,
        null,
        0);
  }

  @Test
  void groups_interleavedMountsAndExpiriesInOneSecond_keepsEachCountAndTheEarliestNanosecond() {
    LeaseTally tally = new LeaseTally();
    // equal mount names in distinct String instances, as records read back from a store have them
    tally.add(new String("a/"), LeaseState.ACTIVE, 100, 500);
    tally.add(new String("b/"), LeaseState.ACTIVE, 50, 0);
    tally.add(new String("a/"), LeaseState.ACTIVE, 100, 100);
    tally.add(new String("a/"), LeaseState.ACTIVE, 100, 900);
    tally.add(new String("a/"), LeaseState.PENDING, 300, 0);

    assertThat(tally.groups())
        .extracting(
            LeaseStats.Group::mount,
            LeaseStats.Group::state,
            LeaseStats.Group::count,
            LeaseStats.Group::earliestExpiry)
        .containsExactlyInAnyOrder(
            tuple("a/", LeaseState.ACTIVE, 3L, Instant.ofEpochSecond(100, 100)),
            tuple("a/", LeaseState.PENDING, 1L, Instant.ofEpochSecond(300)),
            tuple("b/", LeaseState.ACTIVE, 1L, Instant.ofEpochSecond(50)));
  }

  @Test
  void inMemoryGroups_pendingActivatedInPlace_countsItActiveWithItsExpiry() {
    InMemoryLeaseStore store = new InMemoryLeaseStore();
    Instant expire = T0.plusSeconds(600);
    LeaseRecord pending = record("db/creds/r/1", LeaseState.PENDING, expire, T0.plusSeconds(60));
    store.insert(pending);
    store.insert(record("db/creds/r/2", LeaseState.PENDING, T0.plusSeconds(900), T0));

    assertThat(store.activate(pending)).isPresent();

    assertThat(store.groups())
        .extracting(
            LeaseStats.Group::state, LeaseStats.Group::count, LeaseStats.Group::earliestExpiry)
        .containsExactlyInAnyOrder(
            tuple(LeaseState.ACTIVE, 1L, expire),
            tuple(LeaseState.PENDING, 1L, T0.plusSeconds(900)));
  }
}
