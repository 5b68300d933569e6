package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.engine.LeaseTerms;
import dev.lessor.engine.MountContext;
import dev.lessor.engine.PathRouter;
import dev.lessor.engine.SecretsEngine;
import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.store.LeaseRecord;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What close does with requests in flight and with live leases (issue 9, scenarios 3 and 4). */
class CloseTest {

  @Test
  void close_duringAnIssue_refusesNewRequestsWaitsForItAndRevokesItsLease() throws Exception {
    Set<String> cloud = ConcurrentHashMap.newKeySet();
    CountDownLatch inHandler = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TestLessor t = new TestLessor();
    t.lessor.mount("slow/", new SlowEngine(cloud, inHandler, release));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Response> issuing = pool.submit(() -> t.lessor.read("slow/creds/app"));
      assertThat(inHandler.await(10, TimeUnit.SECONDS)).isTrue();
      Future<?> closing = pool.submit(t.lessor::close);

      awaitThrows(() -> t.issue("app")); // refused as soon as close starts
      assertThatThrownBy(() -> t.issue("app"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("this Lessor is closed");
      assertThat(closing.isDone()).isFalse(); // the issue in flight holds it

      release.countDown();
      assertThat(issuing.get(10, TimeUnit.SECONDS).lease()).isPresent();
      closing.get(10, TimeUnit.SECONDS);

      assertThat(cloud).isEmpty(); // the in-memory store is not durable: close revoked it
      assertThat(t.store.count()).isZero();
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void close_storeNotDurable_revokesEveryLiveLease() {
    TestLessor t = new TestLessor();
    Response first = t.issue("a");
    t.issue("b");
    t.issue("c");

    t.close();

    assertThat(t.engine.liveCredentials()).isEmpty();
    assertThat(t.engine.isLive(first.string("username"))).isFalse();
    assertThat(t.store.count()).isZero();
    assertThat(t.eventTypes())
        .containsExactly(
            LeaseEvent.Type.ISSUED,
            LeaseEvent.Type.ISSUED,
            LeaseEvent.Type.ISSUED,
            LeaseEvent.Type.REVOKED,
            LeaseEvent.Type.REVOKED,
            LeaseEvent.Type.REVOKED);
  }

  @Test
  void close_durableStore_keepsLeasesForTheNextStart() {
    TestLessor t = new TestLessor(new DurableMemoryStore(), b -> b);
    t.issue("a");
    t.issue("b");

    t.close();

    assertThat(t.engine.liveCredentials()).hasSize(2);
    assertThat(t.store.count()).isEqualTo(2);
  }

  @Test
  void close_storeNotDurable_leaseThatCannotBeRevoked_isLoggedAtErrorWithItsId() {
    TestLessor t = new TestLessor(new InMemoryLeaseStore(), b -> b);
    t.issue("a");
    t.issue("b");
    t.engine.failRevocationsPermanently(1);

    String logs;
    try (CapturedLogs captured = new CapturedLogs()) {
      t.close();
      logs = captured.text();
    }

    assertThat(t.store.list("")).hasSize(1);
    String left = t.store.list("").get(0);
    assertThat(logs)
        .contains("ERROR dev.lessor.Shutdown - lease " + left + " (path fake/creds/")
        .contains("could not be revoked before close")
        .contains("delete fake credential " + t.engine.liveCredentials().iterator().next())
        .contains("fake permanent revocation failure for " + left);
    assertThat(t.engine.liveCredentials()).hasSize(1);
  }

  private static final class SlowEngine implements SecretsEngine {
    private final Set<String> cloud;
    private final CountDownLatch inHandler;
    private final CountDownLatch release;

    SlowEngine(Set<String> cloud, CountDownLatch inHandler, CountDownLatch release) {
      this.cloud = cloud;
      this.inHandler = inHandler;
      this.release = release;
    }

    @Override
    public PathRouter mount(MountContext context) {
      return PathRouter.builder()
          .read(
              "creds/{name}",
              r -> {
                r.beginLease(LeaseTerms.defaults(), Map.of("id", "user-1"));
                cloud.add("user-1");
                inHandler.countDown();
                try {
                  release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return Response.empty();
              })
          .build();
    }

    @Override
    public void revoke(LeaseRecord lease) {
      cloud.remove(lease.internal().get("id"));
    }
  }

  /** Polls, within a bound, until {@code call} throws. */
  static void awaitThrows(Runnable call) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try {
        call.run();
      } catch (RuntimeException expected) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the call kept succeeding for 10 s");
  }
}
