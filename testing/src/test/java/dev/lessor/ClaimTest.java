package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.store.LeaseRecord;
import dev.lessor.testing.FakeSecretsEngine;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A revocation that runs longer than the claim timeout keeps its claim, and one lease's revocation
 * never runs twice at once (issue 9, scenario 14).
 */
class ClaimTest {
  private static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(5);

  private final ManualClock clock = new ManualClock();
  private final DurableMemoryStore store = new DurableMemoryStore();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch started = new CountDownLatch(1);
  private final AtomicInteger calls = new AtomicInteger();
  private final ExecutorService workers = Executors.newFixedThreadPool(4);
  private final Consumer<LeaseRecord> slow =
      lease -> {
        calls.incrementAndGet();
        started.countDown();
        await(release);
      };

  @AfterEach
  void stop() {
    release.countDown();
    workers.shutdownNow();
  }

  private Lessor instance() {
    Lessor lessor =
        Lessor.builder()
            .clock(clock)
            .scheduler(new ManualScheduler(clock))
            .revocationExecutor(workers)
            .leaseStore(store)
            .claimTimeout(CLAIM_TIMEOUT)
            .pollInterval(Duration.ofSeconds(10))
            .build();
    lessor.mount("fake/", new FakeSecretsEngine().beforeRevoke(slow));
    return lessor;
  }

  @Test
  void revocationLongerThanClaimTimeout_keepsItsClaim_noInstanceStartsItAgain() throws Exception {
    try (Lessor first = instance();
        Lessor second = instance()) {
      String id = first.read("fake/creds/a", Map.of("ttl", "1m")).lease().orElseThrow().id();
      clock.advance(Duration.ofMinutes(1));
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue(); // one instance revokes, slowly

      for (int step = 0; step < 60; step++) { // 10 minutes, twice the claim timeout
        clock.advance(Duration.ofSeconds(10));
        // each third of the claim timeout the claim is pushed to a full one from now
        awaitTrue(
            () ->
                Duration.between(clock.instant(), store.get(id).orElseThrow().dueTime())
                        .compareTo(CLAIM_TIMEOUT.multipliedBy(2).dividedBy(3))
                    > 0);
      }
      assertThat(calls).hasValue(1);

      release.countDown();
      awaitTrue(() -> store.count() == 0);
      assertThat(calls).hasValue(1);
    }
  }

  @Test
  void explicitRevoke_whileTheLoopRevokes_waitsForItInsteadOfRevokingTwice() throws Exception {
    try (Lessor lessor = instance()) {
      String id = lessor.read("fake/creds/a", Map.of("ttl", "1m")).lease().orElseThrow().id();
      clock.advance(Duration.ofMinutes(1));
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

      RuntimeException[] failure = {null};
      Thread caller =
          new Thread(
              () -> {
                try {
                  lessor.leases().revoke(id);
                } catch (RuntimeException e) {
                  failure[0] = e;
                }
              });
      caller.start();
      awaitTrue(() -> caller.getState() == Thread.State.TIMED_WAITING || calls.get() > 1);
      release.countDown();
      caller.join(10_000);

      assertThat(caller.isAlive()).isFalse();
      assertThat(failure[0]).isNull();
      assertThat(calls).hasValue(1);
      assertThat(store.get(id)).isEmpty();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitTrue(BooleanSupplier condition) {
    Instant deadline = Instant.now().plusSeconds(10);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.onSpinWait();
    }
  }
}
