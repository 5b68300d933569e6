package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import dev.lessor.testing.ForwardingLeaseStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Under a flood of due leases the revocation loop claims ahead of its free slots, so that one claim
 * (one commit in a durable store) feeds many slots (issue 13, the ten-million row's lateness),
 * within the concurrency and rate limits, and never revokes a queued claim that lapsed.
 */
class ClaimAheadTest {

  @Test
  void drain_busyWorkersAndManyDue_oneClaimFeedsManySlots() {
    CountingStore store = new CountingStore(new InMemoryLeaseStore());
    StepExecutor workers = new StepExecutor();
    try (TestLessor t =
        new TestLessor(store, b -> b.revocationExecutor(workers).revocationConcurrency(4))) {
      List<String> ids = issue(t, 40);
      t.clock.advance(Duration.ofMinutes(2));

      // newest task first: each finishing revocation's drain runs while the other slots stay busy
      while (workers.runNewest()) {}

      assertThat(t.engine.revokedLeases()).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(store.recordsClaimed.get()).isEqualTo(40);
      // one claim per freed slot would be about 37 claims; ahead, each claim feeds up to 5 slots
      assertThat(store.claimsWithRecords.get()).isLessThanOrEqualTo(10);
    }
  }

  @Test
  void claimAhead_realWorkersBlockedAtTheEngine_neverMoreRevocationsThanTheConcurrency()
      throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(8);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    Semaphore engineGate = new Semaphore(0);
    try (TestLessor t =
        new TestLessor(
            new InMemoryLeaseStore(),
            b -> b.revocationExecutor(workers).revocationConcurrency(4))) {
      t.engine.beforeRevoke(
          lease -> {
            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            engineGate.acquireUninterruptibly();
            inside.decrementAndGet();
          });
      List<String> ids = issue(t, 30);
      t.clock.advance(Duration.ofMinutes(2));

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (t.leases().count() > 0) {
        await(() -> inside.get() == 4 || t.leases().count() <= inside.get(), deadline);
        engineGate.release(); // one slot frees up while the others stay busy
      }

      assertThat(maxInside.get()).isEqualTo(4);
      assertThat(Set.copyOf(t.engine.revokedLeases())).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(t.engine.revokedLeases()).hasSize(30);
    } finally {
      engineGate.release(1000);
      workers.shutdownNow();
    }
  }

  @Test
  void claimAhead_rateLimited_neverMoreStartsInAnyOneSecondThanTheLimit() {
    StepExecutor workers = new StepExecutor();
    List<Instant> starts = Collections.synchronizedList(new ArrayList<>());
    try (TestLessor t =
        new TestLessor(
            new InMemoryLeaseStore(),
            b ->
                b.revocationExecutor(workers)
                    .revocationConcurrency(4)
                    .revocationRateLimit(5)
                    .claimTimeout(Duration.ofSeconds(30)))) {
      t.engine.beforeRevoke(lease -> starts.add(t.clock.instant()));
      List<String> ids = issue(t, 30);
      t.clock.advance(Duration.ofMinutes(2));

      for (int step = 0; step < 2_000 && t.leases().count() > 0; step++) {
        workers.runAll();
        t.clock.advance(Duration.ofMillis(50));
      }

      assertThat(t.engine.revokedLeases()).containsExactlyInAnyOrderElementsOf(ids);
      for (Instant start : starts) {
        long inOneSecond =
            starts.stream()
                .filter(s -> !s.isBefore(start) && s.isBefore(start.plusSeconds(1)))
                .count();
        assertThat(inOneSecond)
            .as("revocations started in the second from %s", start)
            .isLessThanOrEqualTo(5);
      }
    }
  }

  @Test
  void queuedClaim_lapsedAndTakenByAnotherInstance_isNotRevokedAgain() {
    DurableMemoryStore store = new DurableMemoryStore();
    StepExecutor workers = new StepExecutor();
    Duration claimTimeout = Duration.ofSeconds(30);
    try (TestLessor t =
        new TestLessor(
            store,
            b ->
                b.revocationExecutor(workers)
                    .revocationConcurrency(1)
                    .claimTimeout(claimTimeout))) {
      issue(t, 3);
      t.clock.advance(Duration.ofMinutes(2));
      workers.runOne(); // the drain: one lease for the slot, one claimed ahead
      workers.runOne(); // the slot's revocation; its finish asks for a drain, not run yet
      assertThat(t.engine.revokedLeases()).hasSize(1);
      String first = t.engine.revokedLeases().get(0);

      t.clock.advance(claimTimeout.plusSeconds(1)); // the queued claim lapses
      Instant now = t.clock.instant();
      List<LeaseRecord> taken = store.claimDue(now, now.plus(claimTimeout), 10); // another instance
      assertThat(taken).hasSize(2);
      for (LeaseRecord record : taken) {
        store.delete(record.id()); // ... which revokes them
      }
      while (workers.runOne()) {}

      assertThat(t.engine.revokedLeases()).containsExactly(first);
    }
  }

  @Test
  void queuedClaim_revokedExplicitlyMeanwhile_engineCalledOnceForIt() {
    StepExecutor workers = new StepExecutor();
    try (TestLessor t =
        new TestLessor(
            new InMemoryLeaseStore(),
            b -> b.revocationExecutor(workers).revocationConcurrency(1))) {
      List<String> ids = issue(t, 2);
      t.clock.advance(Duration.ofMinutes(2));
      workers.runOne(); // the drain: one lease for the slot, the other claimed ahead
      workers.runOne(); // the slot's revocation; its finish asks for a drain, not run yet
      assertThat(t.engine.revokedLeases()).hasSize(1);
      String queued = ids.get(ids.indexOf(t.engine.revokedLeases().get(0)) == 0 ? 1 : 0);

      t.lessor.leases().revoke(queued);
      while (workers.runOne()) {} // the drain takes the queued claim of a lease already gone

      assertThat(t.engine.revokedLeases()).containsExactlyInAnyOrderElementsOf(ids).hasSize(2);
      assertThat(t.leases().count()).isZero();
    }
  }

  @Test
  void close_inMemoryStoreWithQueuedClaims_revokesEveryLeaseOnce() throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(4);
    CountDownLatch closing = new CountDownLatch(1);
    AtomicBoolean closeStarted = new AtomicBoolean();
    LeaseStore store =
        new ForwardingLeaseStore(new InMemoryLeaseStore()) {
          @Override
          public List<String> list(String prefix) {
            if (closeStarted.get()) {
              closing.countDown(); // close lists the live leases once the loop has stopped
            }
            return super.list(prefix);
          }
        };
    Semaphore engineGate = new Semaphore(0);
    AtomicInteger inside = new AtomicInteger();
    try {
      TestLessor t =
          new TestLessor(store, b -> b.revocationExecutor(workers).revocationConcurrency(1));
      AtomicBoolean first = new AtomicBoolean(true);
      t.engine.beforeRevoke(
          lease -> {
            if (first.getAndSet(false)) {
              inside.incrementAndGet();
              engineGate.acquireUninterruptibly();
            }
          });
      List<String> ids = issue(t, 6);
      t.clock.advance(Duration.ofMinutes(2)); // the slot's lease blocks, one more claimed ahead
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      await(() -> inside.get() == 1, deadline);

      closeStarted.set(true);
      CompletableFuture<Void> close = CompletableFuture.runAsync(t::close);
      assertThat(closing.await(30, TimeUnit.SECONDS)).isTrue();
      engineGate.release();
      close.get(30, TimeUnit.SECONDS);

      assertThat(store.count()).isZero();
      assertThat(t.engine.liveCredentials()).isEmpty();
      assertThat(t.engine.revokedLeases()).containsExactlyInAnyOrderElementsOf(ids);
    } finally {
      engineGate.release(1000);
      workers.shutdownNow();
    }
  }

  @Test
  void close_durableStoreWithQueuedClaims_leavesThemToLapseAndTheNextRunRevokesThem() {
    DurableMemoryStore store = new DurableMemoryStore();
    StepExecutor workers = new StepExecutor();
    Duration claimTimeout = Duration.ofSeconds(30);
    TestLessor t =
        new TestLessor(
            store,
            b -> b.revocationExecutor(workers).revocationConcurrency(1).claimTimeout(claimTimeout));
    List<String> ids = issue(t, 3);
    t.clock.advance(Duration.ofMinutes(2));
    workers.runOne(); // the drain: one lease for the slot, one claimed ahead
    workers.runOne(); // the slot's revocation
    t.close();
    while (workers.runOne()) {} // a drain asked for before close finds the loop closed
    assertThat(t.engine.revokedLeases()).hasSize(1);
    assertThat(store.count()).isEqualTo(2);

    try (TestLessor next = new TestLessor(store, b -> b.claimTimeout(claimTimeout))) {
      next.clock.advanceTo(t.clock.instant().plus(claimTimeout).plusSeconds(1));
      assertThat(store.count()).isZero();
      Set<String> revoked = new HashSet<>(t.engine.revokedLeases());
      revoked.addAll(next.engine.revokedLeases());
      assertThat(revoked).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(next.engine.revokedLeases()).hasSize(2);
    }
  }

  private static List<String> issue(TestLessor t, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(t.lessor.read("fake/creds/r", Map.of("ttl", "1m")).lease().orElseThrow().id());
    }
    return ids;
  }

  private static void await(BooleanSupplier condition, long deadlineNanos) {
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadlineNanos) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  /** Runs the tasks it is given only when the test says, on the test's thread. */
  private static final class StepExecutor implements Executor {
    private final ConcurrentLinkedDeque<Runnable> tasks = new ConcurrentLinkedDeque<>();

    @Override
    public void execute(Runnable task) {
      tasks.addLast(task);
    }

    boolean runOne() {
      Runnable task = tasks.pollFirst();
      if (task != null) {
        task.run();
      }
      return task != null;
    }

    boolean runNewest() {
      Runnable task = tasks.pollLast();
      if (task != null) {
        task.run();
      }
      return task != null;
    }

    void runAll() {
      while (runOne()) {}
    }
  }

  /** Counts the claims that returned leases, and the leases they returned. */
  private static final class CountingStore extends ForwardingLeaseStore {
    final AtomicInteger claimsWithRecords = new AtomicInteger();
    final AtomicInteger recordsClaimed = new AtomicInteger();

    CountingStore(LeaseStore delegate) {
      super(delegate);
    }

    @Override
    public List<LeaseRecord> claimDue(Instant now, Instant claimUntil, int limit) {
      List<LeaseRecord> claimed = super.claimDue(now, claimUntil, limit);
      if (!claimed.isEmpty()) {
        claimsWithRecords.incrementAndGet();
        recordsClaimed.addAndGet(claimed.size());
      }
      return claimed;
    }
  }
}
