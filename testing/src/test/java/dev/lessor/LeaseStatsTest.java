package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeaseStatsTest {
  private final TestLessor t = new TestLessor();

  @AfterEach
  void close() {
    t.close();
  }

  @Test
  void stats_leasesInSeveralStates_countedByMountAndState() {
    t.issueId("a");
    t.issueId("b");
    String doomed = t.issueId("c");
    t.engine.failRevocationsPermanently(1);
    assertThatThrownBy(() -> t.leases().revoke(doomed)).isInstanceOf(LessorException.class);

    LeaseStats stats = t.leases().stats(Duration.ZERO);

    assertThat(stats.time()).isEqualTo(t.clock.instant());
    assertThat(stats.count("fake/", LeaseState.ACTIVE)).isEqualTo(2);
    assertThat(stats.count("fake/", LeaseState.IRREVOCABLE)).isEqualTo(1);
    assertThat(stats.count("fake/", LeaseState.PENDING)).isZero();
    assertThat(stats.count(LeaseState.IRREVOCABLE)).isEqualTo(1);
    assertThat(stats.mounts()).containsExactly("fake/");
    assertThat(stats.revocationLag()).isZero(); // the irrevocable one is left out
  }

  @Test
  void stats_withinMaxAge_returnsTheSameSnapshot() {
    t.issueId("a");
    LeaseStats first = t.leases().stats(Duration.ofSeconds(10));
    t.issueId("a");

    assertThat(t.leases().stats(Duration.ofSeconds(10))).isSameAs(first);
    t.clock.advance(Duration.ofSeconds(10));
    assertThat(t.leases().stats(Duration.ofSeconds(10)).count("fake/", LeaseState.ACTIVE))
        .isEqualTo(2);
  }

  @Test
  void stats_revocationRetriedPastExpiry_lagIsTimeSinceExpiry() {
    Lease lease = t.issue("a").lease().orElseThrow();
    t.engine.failNextRevocations(1);

    t.clock.advanceTo(lease.expireTime().plusSeconds(3));

    assertThat(t.leases().stats(Duration.ZERO).revocationLag()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void stats_negativeMaxAge_refusedNamingTheField() {
    assertThatThrownBy(() -> t.leases().stats(Duration.ofSeconds(-1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("maxAge");
  }

  @Test
  void events_issueRevokeAndFailure_carryMountAndDuration() {
    t.engine.beforeRevoke(lease -> t.clock.advance(Duration.ofMillis(25)));
    String id = t.issueId("a");
    t.leases().revoke(id);
    String failing = t.issueId("b");
    t.engine.failNextRevocations(1);
    assertThatThrownBy(() -> t.leases().revoke(failing)).isInstanceOf(LessorException.class);
    t.leases().renew(t.issueId("c"), Duration.ZERO);

    assertThat(t.events).allSatisfy(e -> assertThat(e.mount()).isEqualTo("fake/"));
    assertThat(t.events)
        .filteredOn(e -> e.type() == LeaseEvent.Type.ISSUED)
        .allSatisfy(e -> assertThat(e.duration()).contains(Duration.ZERO)); // no time passed
    assertThat(t.events)
        .filteredOn(
            e ->
                e.type() == LeaseEvent.Type.REVOKED
                    || e.type() == LeaseEvent.Type.REVOCATION_FAILED)
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.duration()).contains(Duration.ofMillis(25)));
    assertThat(t.events)
        .filteredOn(e -> e.type() == LeaseEvent.Type.RENEWED)
        .singleElement()
        .satisfies(e -> assertThat(e.duration()).isEmpty());
  }

  @Test
  void leaseEvent_fourArgumentConstructor_hasNoMountNorDuration() {
    Lease lease = t.issue("a").lease().orElseThrow();
    LeaseEvent event =
        new LeaseEvent(
            LeaseEvent.Type.ISSUED, lease, t.clock.instant(), java.util.Optional.empty());
    assertThat(event.mount()).isEmpty();
    assertThat(event.duration()).isEmpty();
  }
}
