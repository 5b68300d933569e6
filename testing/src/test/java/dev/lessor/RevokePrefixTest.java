package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.testing.FakeSecretsEngine;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** revokePrefix revokes concurrently on the revocation workers (issue 9, scenario 15). */
class RevokePrefixTest {
  private static final int LIMIT = 4;

  private final ManualClock clock = new ManualClock();
  private final ExecutorService workers = Executors.newFixedThreadPool(8);
  private final InMemoryLeaseStore store = new InMemoryLeaseStore();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger maxRunning = new AtomicInteger();
  private final CountDownLatch limitReached = new CountDownLatch(LIMIT);
  private final FakeSecretsEngine engine =
      new FakeSecretsEngine()
          .beforeRevoke(
              lease -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                limitReached.countDown();
                try {
                  limitReached.await(2, TimeUnit.SECONDS); // slow until LIMIT run together
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  running.decrementAndGet();
                }
              });
  private final Lessor lessor =
      Lessor.builder()
          .clock(clock)
          .scheduler(new ManualScheduler(clock))
          .revocationExecutor(workers)
          .revocationConcurrency(LIMIT)
          .leaseStore(store)
          .build();

  RevokePrefixTest() {
    lessor.mount("fake/", engine);
  }

  @AfterEach
  void stop() {
    lessor.close();
    workers.shutdownNow();
  }

  @Test
  void revokePrefix_manyLeases_revokesThemConcurrentlyWithinTheLimit() {
    for (int i = 0; i < 12; i++) {
      lessor.read("fake/creds/a");
    }
    String other = lessor.read("fake/creds/b").lease().orElseThrow().id();

    int revoked = lessor.leases().revokePrefix("fake/creds/a/");

    assertThat(revoked).isEqualTo(12);
    assertThat(maxRunning.get()).isGreaterThan(1).isLessThanOrEqualTo(LIMIT);
    assertThat(lessor.leases().list("")).containsExactly(other);
    assertThat(engine.liveCredentials()).hasSize(1);
  }

  @Test
  void revokePrefix_someFail_countsAndSaysWhenTheyAreRetried() {
    for (int i = 0; i < 8; i++) {
      lessor.read("fake/creds/a");
    }
    engine.failNextRevocations(3);

    assertThatThrownBy(() -> lessor.leases().revokePrefix("fake/creds/a/"))
        .isInstanceOf(UpstreamException.class)
        .hasMessageStartingWith(
            "3 of 8 leases under 'fake/creds/a/' could not be revoked; they stay and are retried"
                + " in the background. First, revocation of lease fake/creds/a/")
        .hasMessageContaining(
            " failed and will be retried at " + clock.instant().toString().substring(0, 14));
    assertThat(store.count()).isEqualTo(3);
    assertThat(maxRunning.get()).isGreaterThan(1).isLessThanOrEqualTo(LIMIT);
  }
}
