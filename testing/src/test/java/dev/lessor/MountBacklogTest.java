package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.store.LeaseRecord;
import dev.lessor.testing.FakeSecretsEngine;
import dev.lessor.testing.ForwardingLeaseStore;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A Lessor built before its engine is mounted, on a store with a backlog of due leases of that
 * mount (a restart after a crash): mounting costs no store write per waiting lease on the caller's
 * thread, and the waiting leases go once it is mounted, each once.
 */
class MountBacklogTest {
  private static final int BACKLOG = 300;

  private final DurableMemoryStore durable = new DurableMemoryStore();
  private final CountingStore store = new CountingStore(durable);
  private final ManualClock clock = new ManualClock();
  private final Queue<Runnable> workers = new ConcurrentLinkedQueue<>();

  @Test
  void mount_withABacklogClaimedBeforeIt_writesNothingPerLeaseAndAllAreRevokedAfter() {
    List<String> ids = leaveBacklog(BACKLOG);
    Lessor lessor = restart();
    runWorkers(); // the loop claims the whole backlog; fake/ is not mounted: all wait
    assertThat(store.count()).isEqualTo(BACKLOG);

    FakeSecretsEngine engine = new FakeSecretsEngine();
    int writesBefore = store.writes.get();
    int updatesBefore = store.updates.get();
    lessor.mount("fake/", engine);

    assertThat(store.writes.get() - writesBefore).isZero(); // no write per lease on this thread
    assertThat(engine.revokedLeases()).isEmpty(); // nothing revoked on the caller's thread either
    runWorkers();
    assertThat(engine.revokedLeases()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(store.count()).isZero();
    assertThat(store.updates.get() - updatesBefore).isZero(); // deletes only: no due-time rewrites
    lessor.close();
  }

  @Test
  void mount_afterTheClaimOfAWaitingLeaseLapsedAndAnotherInstanceTookIt_doesNotRevokeItHere() {
    String id = leaveBacklog(1).get(0);
    Lessor lessor = restart();
    runWorkers(); // claimed here, waits for fake/
    clock.advance(Duration.ofMinutes(2)); // past the mount wait: this instance's claim lapsed
    Instant now = clock.instant();
    List<LeaseRecord> other = durable.claimDue(now, now.plus(Duration.ofMinutes(5)), 10);
    assertThat(other).extracting(LeaseRecord::id).containsExactly(id); // another instance has it

    FakeSecretsEngine engine = new FakeSecretsEngine();
    lessor.mount("fake/", engine);
    runWorkers();

    assertThat(engine.revokedLeases()).isEmpty(); // the other instance revokes it, not this one
    assertThat(store.get(id)).map(LeaseRecord::version).contains(other.get(0).version());
    lessor.close();
  }

  @Test
  void mount_ofAnotherEngineTypeWhileLeasesWait_keepsThemWaitingForTheirOwnType() {
    List<String> ids = leaveBacklog(3);
    Lessor lessor = restart();
    runWorkers();

    MountTest.OtherEngine other = new MountTest.OtherEngine();
    lessor.mount("fake/", other);
    runWorkers();
    clock.advance(Duration.ofMinutes(10)); // several mount waits: they are tried again
    runWorkers();

    assertThat(other.revoked).isZero();
    assertThat(store.count()).isEqualTo(3);
    lessor.unmount("fake/"); // leaves the leases of the other type alone
    FakeSecretsEngine own = new FakeSecretsEngine();
    lessor.mount("fake/", own);
    runWorkers();
    assertThat(own.revokedLeases()).containsExactlyInAnyOrderElementsOf(ids);
    lessor.close();
  }

  @Test
  void close_withLeasesWaitingForTheirMount_returnsAndTheDurableStoreKeepsThem() {
    leaveBacklog(5);
    Lessor lessor = restart();
    runWorkers();

    lessor.close();

    assertThat(durable.count()).isEqualTo(5);
  }

  /** Issues {@code n} leases of fake/ with a first Lessor that then stops, as a crashed child. */
  private List<String> leaveBacklog(int n) {
    List<String> ids = new ArrayList<>();
    try (TestLessor first =
        new TestLessor(durable, b -> b.defaultLeaseTtl(Duration.ofMinutes(5)))) {
      for (int i = 0; i < n; i++) {
        ids.add(first.issueId("app"));
      }
    }
    clock.advance(Duration.ofMinutes(30)); // all of them are overdue by now
    return ids;
  }

  /** A Lessor on the store, built before its engine is mounted, its workers run by the test. */
  private Lessor restart() {
    return Lessor.builder()
        .clock(clock)
        .scheduler(new ManualScheduler(clock))
        .revocationExecutor(workers::add)
        .leaseStore(store)
        .mountWait(Duration.ofMinutes(1))
        .build();
  }

  /** Runs the queued revocation work, and the work it queues, until none is left (bounded). */
  private void runWorkers() {
    for (int i = 0; i < 100_000; i++) {
      Runnable next = workers.poll();
      if (next == null) {
        return;
      }
      next.run();
    }
    throw new AssertionError("the revocation work never ran out: " + workers.size() + " queued");
  }

  /** Counts the lease writes made through it. */
  private static final class CountingStore extends ForwardingLeaseStore {
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger updates = new AtomicInteger();

    CountingStore(DurableMemoryStore delegate) {
      super(delegate);
    }

    @Override
    public Optional<LeaseRecord> update(LeaseRecord record) {
      writes.incrementAndGet();
      updates.incrementAndGet();
      return super.update(record);
    }

    @Override
    public boolean delete(String id) {
      writes.incrementAndGet();
      return super.delete(id);
    }

    @Override
    public List<LeaseRecord> claimDue(Instant now, Instant claimUntil, int limit) {
      writes.incrementAndGet();
      return super.claimDue(now, claimUntil, limit);
    }
  }
}
