package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.testing.FakeSecretsEngine;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
  private static final int THREADS = 8;
  private static final int OPERATIONS = 300;

  @Test
  void manyThreadsIssuingRenewingRevokingWhileLeasesExpire_leaveNoCredentialWithoutLease()
      throws Exception {
    ManualClock clock = new ManualClock();
    ExecutorService workers = Executors.newFixedThreadPool(4);
    ExecutorService callers = Executors.newFixedThreadPool(THREADS + 1);
    FakeSecretsEngine engine = new FakeSecretsEngine();
    InMemoryLeaseStore store = new InMemoryLeaseStore();
    AtomicInteger explicitlyRevoked = new AtomicInteger();
    try (Lessor lessor =
        Lessor.builder()
            .clock(clock)
            .scheduler(new ManualScheduler(clock))
            .revocationExecutor(workers)
            .revocationConcurrency(4)
            .leaseStore(store)
            .build()) {
      lessor.mount("fake/", engine);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> tasks = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        tasks.add(
            callers.submit(
                () -> {
                  start.await();
                  for (int n = 0; n < OPERATIONS; n++) {
                    exercise(lessor, explicitlyRevoked);
                  }
                  return null;
                }));
      }
      tasks.add(
          callers.submit(
              () -> {
                start.await();
                for (int n = 0; n < 200; n++) {
                  clock.advance(Duration.ofSeconds(1));
                }
                return null;
              }));
      start.countDown();
      for (Future<?> task : tasks) {
        task.get(60, TimeUnit.SECONDS);
      }

      await(() -> engine.liveCredentials().size() == lessor.leases().count());
      for (String id : lessor.leases().list("")) {
        String credential = store.get(id).orElseThrow().internal().get("credential_id");
        assertThat(engine.isLive(credential)).as("credential of %s", id).isTrue();
      }
      assertThat(engine.issuedCount()).isEqualTo(THREADS * OPERATIONS);

      clock.advance(Duration.ofDays(40));
      await(() -> lessor.leases().count() == 0);
      assertThat(engine.liveCredentials()).isEmpty();
      // an explicit revocation racing an expiry may call the (idempotent) engine twice
      assertThat(java.util.Set.copyOf(engine.revokedLeases())).hasSize(THREADS * OPERATIONS);
    } finally {
      callers.shutdownNow();
      workers.shutdownNow();
    }
  }

  private static void exercise(Lessor lessor, AtomicInteger revoked) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String id =
        lessor
            .read("fake/creds/r" + random.nextInt(4), Map.of("ttl", 1 + random.nextInt(120)))
            .lease()
            .orElseThrow()
            .id();
    try {
      switch (random.nextInt(3)) {
        case 0 -> lessor.leases().renew(id, Duration.ofSeconds(1 + random.nextInt(60)));
        case 1 -> {
          lessor.leases().revoke(id);
          revoked.incrementAndGet();
        }
        default -> lessor.leases().lookup(id);
      }
    } catch (NotFoundException | OperationNotSupportedException expiredMeanwhile) {
      // the clock thread may have expired it: both are answers a caller must expect
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
