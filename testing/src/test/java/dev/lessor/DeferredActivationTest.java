package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.store.LeaseRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * One durable write on the issue's path: the ACTIVE write is deferred, and whatever happens to it a
 * handed-out credential is revoked, early at worst, never late and never leaked.
 */
class DeferredActivationTest {
  private static final Duration PENDING_TIMEOUT = Duration.ofMinutes(10);

  private static TestLessor lessorOn(DeferringStore store) {
    return new TestLessor(
        store, b -> b.pendingTimeout(PENDING_TIMEOUT).closeTimeout(Duration.ofMillis(100)));
  }

  private static Lease issue(TestLessor t, String ttl) {
    return t.lessor.read("fake/creds/app", Map.of("ttl", ttl)).lease().orElseThrow();
  }

  @Test
  void read_batchingStore_returnsBeforeTheActiveWriteIsStored() {
    DeferringStore store = new DeferringStore();
    try (TestLessor t = lessorOn(store)) {
      Lease lease = issue(t, "1h");

      assertThat(lease.state()).isEqualTo(LeaseState.ACTIVE);
      assertThat(store.get(lease.id()).orElseThrow().state()).isEqualTo(LeaseState.PENDING);
      assertThat(store.held()).isEqualTo(1);

      store.storeHeld();

      LeaseRecord stored = store.get(lease.id()).orElseThrow();
      assertThat(stored.state()).isEqualTo(LeaseState.ACTIVE);
      assertThat(stored.dueTime()).isEqualTo(lease.expireTime());
    }
  }

  @Test
  void read_inMemoryStore_storesActiveBeforeReturning() {
    try (TestLessor t = new TestLessor()) {
      String id = t.issueId("app");

      assertThat(new InMemoryLeaseStore().batchesActivation()).isFalse();
      assertThat(t.store.get(id).orElseThrow().state()).isEqualTo(LeaseState.ACTIVE);
    }
  }

  @Test
  void read_leaseShorterThanPendingTimeout_waitsForTheActiveWrite() {
    DeferringStore store = new DeferringStore();
    try (TestLessor t = lessorOn(store)) {
      // lost, its pending deadline (10 min) would revoke it after its expiry (1 min): late
      Lease lease = issue(t, "1m");

      assertThat(store.held()).isZero();
      assertThat(store.get(lease.id()).orElseThrow().state()).isEqualTo(LeaseState.ACTIVE);
    }
  }

  @Test
  void crashBeforeActiveWriteIsStored_nextInstanceRevokesAtPendingDeadline_beforeExpiry() {
    DeferringStore store = new DeferringStore();
    TestLessor first = lessorOn(store);
    Lease lease = issue(first, "1h");
    store.loseHeld(); // the process dies before the batch with the ACTIVE write commits
    first.close();

    try (TestLessor second = lessorOn(store)) {
      second.clock.advance(PENDING_TIMEOUT.minusSeconds(1));
      assertThat(second.engine.revokedLeases()).isEmpty();

      second.clock.advance(Duration.ofSeconds(1));

      assertThat(second.engine.revokedLeases()).containsExactly(lease.id());
      assertThat(second.clock.instant()).isBefore(lease.expireTime()); // early, not leaked
      assertThat(store.count()).isZero();
    }
  }

  @Test
  void activationBatchLostOnce_retriedAndNeverRevokedBeforeExpiry() {
    DeferringStore store = new DeferringStore().failNext(1).storeAtOnce();
    try (TestLessor t = lessorOn(store)) {
      Lease lease = issue(t, "1h");
      assertThat(store.get(lease.id()).orElseThrow().state()).isEqualTo(LeaseState.PENDING);

      t.clock.advance(Duration.ofMillis(100)); // the first retry

      assertThat(store.get(lease.id()).orElseThrow().state()).isEqualTo(LeaseState.ACTIVE);
      t.clock.advance(Duration.ofMinutes(59));
      assertThat(t.engine.revokedLeases()).isEmpty();
      t.clock.advance(Duration.ofMinutes(1));
      assertThat(t.engine.revokedLeases()).containsExactly(lease.id());
    }
  }

  @Test
  void activationBatchLostForGood_leaseRevokedAtPendingDeadline_beforeExpiry() {
    DeferringStore store = new DeferringStore().failNext(Integer.MAX_VALUE);
    try (TestLessor t = lessorOn(store)) {
      Lease lease = issue(t, "1h");

      for (int i = 0; i < 60 && t.engine.revokedLeases().isEmpty(); i++) {
        t.clock.advance(Duration.ofSeconds(10)); // retries back off, then give up
      }

      assertThat(t.engine.revokedLeases()).containsExactly(lease.id());
      assertThat(t.clock.instant())
          .isAfterOrEqualTo(lease.issueTime().plus(PENDING_TIMEOUT))
          .isBefore(lease.expireTime());
    }
  }

  @Test
  void pendingDeadlinePassesBeforeActiveWriteLands_ownerActivatesInsteadOfRevoking() {
    DeferringStore store = new DeferringStore();
    try (TestLessor t = lessorOn(store)) {
      Lease lease = issue(t, "1h");

      t.clock.advance(PENDING_TIMEOUT.plusMinutes(1)); // a clock stepped forward: the loop claims

      assertThat(t.engine.revokedLeases()).isEmpty();
      LeaseRecord stored = store.get(lease.id()).orElseThrow();
      assertThat(stored.state()).isEqualTo(LeaseState.ACTIVE);
      assertThat(stored.dueTime()).isEqualTo(lease.expireTime());
      store.storeHeld(); // the write in flight loses its version check and changes nothing
      assertThat(store.get(lease.id())).contains(stored);
    }
  }

  @Test
  void lookup_activationInFlight_waitsAndReadsActive() throws Exception {
    DeferringStore store = new DeferringStore();
    try (TestLessor t =
        new TestLessor(
            store, b -> b.pendingTimeout(PENDING_TIMEOUT).closeTimeout(Duration.ofSeconds(30)))) {
      Lease lease = issue(t, "1h");
      AtomicReference<Thread> reader = new AtomicReference<>();
      CompletableFuture<Optional<Lease>> lookup =
          CompletableFuture.supplyAsync(
              () -> {
                reader.set(Thread.currentThread());
                return t.leases().lookup(lease.id());
              });
      awaitWaiting(reader);

      store.storeHeld();

      assertThat(lookup.get().orElseThrow().state()).isEqualTo(LeaseState.ACTIVE);
    }
  }

  /** Bounded poll until the thread parks in the lookup's wait. */
  private static void awaitWaiting(AtomicReference<Thread> thread) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(10);
    while (thread.get() == null || thread.get().getState() != Thread.State.TIMED_WAITING) {
      assertThat(Instant.now()).isBefore(deadline);
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
