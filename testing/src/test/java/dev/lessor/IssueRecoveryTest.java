package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.LeaseEvent.Type;
import dev.lessor.engine.LeaseTerms;
import dev.lessor.engine.MountContext;
import dev.lessor.engine.PathRouter;
import dev.lessor.engine.SecretsEngine;
import dev.lessor.store.LeaseRecord;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The core invariant: no credential exists without a lease, whatever fails and when. */
class IssueRecoveryTest {

  @Test
  void failedIssue_revokesWhatWasCreatedAtOnce() {
    try (TestLessor t = new TestLessor()) {
      t.engine.failNextIssues(1);

      assertThatThrownBy(() -> t.issue("app"))
          .isInstanceOf(UpstreamException.class)
          .hasMessageStartingWith("fake issue failure for fake/creds/app/");

      assertThat(t.engine.issuedCount()).isEqualTo(1);
      assertThat(t.engine.liveCredentials()).isEmpty();
      assertThat(t.leases().count()).isZero();
      assertThat(t.eventTypes()).containsExactly(Type.REVOKED);
    }
  }

  @Test
  void failedIssue_whoseRollbackFails_staysPendingAndIsRetried() {
    try (TestLessor t = new TestLessor()) {
      t.engine.failNextIssues(1).failNextRevocations(1);

      assertThatThrownBy(() -> t.issue("app"))
          .isInstanceOf(UpstreamException.class)
          .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
      String id = t.leases().list("").get(0);
      assertThat(t.leases().lookup(id).orElseThrow().state()).isEqualTo(LeaseState.PENDING);

      t.clock.advance(Duration.ofSeconds(30));

      assertThat(t.leases().count()).isZero();
      assertThat(t.engine.liveCredentials()).isEmpty();
    }
  }

  @Test
  void crashDuringIssue_pendingLeaseIsRevokedByNextInstanceAfterTimeout() {
    Set<String> cloud = ConcurrentHashMap.newKeySet();
    DurableMemoryStore store = new DurableMemoryStore();
    TestLessor first = new TestLessor(store, b -> b.pendingTimeout(Duration.ofMinutes(10)));
    first.lessor.mount("cloud/", new CrashingEngine(cloud, true));

    assertThatThrownBy(() -> first.lessor.read("cloud/creds/app"))
        .isInstanceOf(SimulatedCrash.class);
    first.close(); // the process is gone: nothing rolled back
    assertThat(cloud).hasSize(1);

    TestLessor second = new TestLessor(store, b -> b.pendingTimeout(Duration.ofMinutes(10)));
    second.lessor.mount("cloud/", new CrashingEngine(cloud, false));
    second.clock.advance(Duration.ofMinutes(10).minusSeconds(1));
    assertThat(cloud).hasSize(1); // it could still be a slow issue of a live instance

    second.clock.advance(Duration.ofSeconds(1));

    assertThat(cloud).isEmpty();
    assertThat(second.leases().count()).isZero();
    second.close();
  }

  @Test
  void leaseOfUnmountedEngine_waitsForItsMount() {
    DurableMemoryStore store = new DurableMemoryStore();
    Set<String> cloud = ConcurrentHashMap.newKeySet();
    TestLessor first = new TestLessor(store, b -> b.defaultLeaseTtl(Duration.ofMinutes(5)));
    first.lessor.mount("cloud/", new CrashingEngine(cloud, false));
    String id = first.lessor.read("cloud/creds/app").lease().orElseThrow().id();
    first.close();

    TestLessor second =
        new TestLessor(
            store, b -> b.defaultLeaseTtl(Duration.ofMinutes(5)).mountWait(Duration.ofMinutes(1)));
    second.clock.advance(Duration.ofMinutes(30)); // due, but cloud/ is not mounted yet

    assertThat(second.leases().lookup(id).orElseThrow().state()).isEqualTo(LeaseState.ACTIVE);
    assertThat(cloud).hasSize(1);

    second.lessor.mount("cloud/", new CrashingEngine(cloud, false)); // they go at once

    assertThat(cloud).isEmpty();
    assertThat(second.leases().count()).isZero();
    second.close();
  }

  /** Stands for a process dying: the core does not catch it, so nothing is rolled back. */
  static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;
  }

  /** Creates a resource in a shared "cloud", optionally dying right after. */
  static final class CrashingEngine implements SecretsEngine {
    private final Set<String> cloud;
    private final boolean crash;

    CrashingEngine(Set<String> cloud, boolean crash) {
      this.cloud = cloud;
      this.crash = crash;
    }

    @Override
    public PathRouter mount(MountContext context) {
      return PathRouter.builder()
          .read(
              "creds/{name}",
              request -> {
                String resource = "user-" + cloud.size();
                request.beginLease(LeaseTerms.defaults(), Map.of("resource", resource));
                cloud.add(resource);
                if (crash) {
                  throw new SimulatedCrash();
                }
                return Response.of(Map.of("user", resource));
              })
          .build();
    }

    @Override
    public void revoke(LeaseRecord lease) {
      cloud.remove(lease.internal().get("resource"));
    }
  }
}
