package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The revocation loop keeps going whatever fails under it: an Error from the store, a scheduler
 * that refuses, a wall clock stepped back (issue 9, scenarios 11, 12 and 13).
 */
class RevocationLoopFaultsTest {

  @Test
  void claimDue_throwsOutOfMemoryErrorOnce_loopResetsAndRevokesOnItsNextPass() {
    DurableMemoryStore store = new DurableMemoryStore();
    try (TestLessor t = new TestLessor(store, b -> b.pollInterval(Duration.ofSeconds(10)))) {
      String id = t.lessor.read("fake/creds/a", Map.of("ttl", "1m")).lease().orElseThrow().id();
      store.failNextClaim(new OutOfMemoryError("simulated"));

      t.clock.advance(Duration.ofMinutes(1)); // the claim fails: nothing revoked, nothing thrown
      assertThat(t.leases().lookup(id)).isPresent();

      t.clock.advance(Duration.ofSeconds(10)); // the next pass

      assertThat(t.leases().lookup(id)).isEmpty();
      assertThat(t.engine.liveCredentials()).isEmpty();

      String later = t.lessor.read("fake/creds/a", Map.of("ttl", "1m")).lease().orElseThrow().id();
      t.clock.advance(Duration.ofMinutes(1));
      assertThat(t.leases().lookup(later)).isEmpty(); // and it keeps going
    }
  }

  @Test
  void scheduler_refusesOnce_expiryStillHappensAndTheLogNamesTheScheduler() {
    AtomicInteger refusals = new AtomicInteger(1);
    ManualClock clock = new ManualClock();
    ManualScheduler manual = new ManualScheduler(clock);
    String logs;
    TestLessor t;
    try (CapturedLogs captured = new CapturedLogs()) {
      t =
          new TestLessor(
              new InMemoryLeaseStore(),
              b ->
                  b.clock(clock)
                      .scheduler(
                          new Scheduler() {
                            @Override
                            public Cancellable schedule(Runnable task, Duration delay) {
                              if (refusals.getAndDecrement() > 0) {
                                throw new RejectedExecutionException("queue full");
                              }
                              return manual.schedule(task, delay);
                            }

                            @Override
                            public String toString() {
                              return "RefusingOnceScheduler";
                            }
                          }));
      logs = captured.text();
    }
    try (t) {
      String id = t.lessor.read("fake/creds/a", Map.of("ttl", "1h")).lease().orElseThrow().id();

      clock.advance(Duration.ofHours(1));

      assertThat(t.leases().lookup(id)).isEmpty();
      assertThat(logs)
          .contains("WARN dev.lessor.WakeUps - the scheduler RefusingOnceScheduler refused")
          .doesNotContain("store");
    }
  }

  @Test
  void wallClockSteppedBack_rateLimitedRevocationsGoOn() {
    try (TestLessor t =
        new TestLessor(
            new InMemoryLeaseStore(),
            b -> b.defaultLeaseTtl(Duration.ofMinutes(1)).revocationRateLimit(10))) {
      for (int i = 0; i < 200; i++) {
        t.issue("a");
      }
      t.clock.advance(Duration.ofMinutes(10)); // all due; the rate limit lets 10 a second go
      int before = t.engine.revokedLeases().size();
      assertThat(before).isLessThan(10);

      t.clock.stepWallClock(Duration.ofMinutes(-5)); // NTP sets the clock back
      List<Integer> revoked = new ArrayList<>();
      for (int step = 0; step < 100; step++) { // 10 s in 100 ms steps
        t.clock.advance(Duration.ofMillis(100));
        revoked.add(t.engine.revokedLeases().size());
      }

      // at most 10 a second; at this step size about 5 (a refill beyond the burst is lost), not 0
      assertThat(revoked.get(99) - before).isBetween(30, 100);
      assertThat(revoked).isSorted();
      for (int step = 0; step < 1000 && t.store.count() > 0; step++) {
        t.clock.advance(Duration.ofMillis(100)); // drain the rest before close
      }
      assertThat(t.store.count()).isZero();
    }
  }
}
