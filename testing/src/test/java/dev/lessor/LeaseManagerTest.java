package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeaseManagerTest {
  private final TestLessor t =
      new TestLessor(
          new dev.lessor.store.InMemoryLeaseStore(),
          b -> b.defaultLeaseTtl(Duration.ofHours(1)).maxLeaseTtl(Duration.ofHours(3)));

  @AfterEach
  void close() {
    t.close();
  }

  @Test
  void lookup_existing_showsRemainingTtl() {
    String id = t.issueId("app");
    t.clock.advance(Duration.ofMinutes(20));

    Lease lease = t.leases().lookup(id).orElseThrow();

    assertThat(lease.ttl()).isEqualTo(Duration.ofMinutes(40));
    assertThat(lease.state()).isEqualTo(LeaseState.ACTIVE);
    assertThat(t.leases().lookup("fake/creds/app/nope")).isEmpty();
  }

  @Test
  void list_prefix_isSortedAndBounded() {
    String b1 = t.issueId("b");
    String a1 = t.issueId("a");
    String a2 = t.issueId("a");
    t.issueId("ab");

    assertThat(t.leases().list("fake/creds/a/")).containsExactlyElementsOf(sorted(a1, a2));
    assertThat(t.leases().list("fake/creds/b")).containsExactly(b1);
    assertThat(t.leases().list("")).hasSize(4).isSorted();
    assertThat(t.leases().list("zzz")).isEmpty();
  }

  @Test
  void renew_countsFromNow() {
    String id = t.issueId("app");
    t.clock.advance(Duration.ofMinutes(30));

    Lease renewed = t.leases().renew(id, Duration.ofMinutes(45));

    assertThat(renewed.expireTime()).isEqualTo(t.clock.instant().plus(Duration.ofMinutes(45)));
    assertThat(renewed.ttl()).isEqualTo(Duration.ofMinutes(45));
    assertThat(t.eventTypes()).containsExactly(LeaseEvent.Type.ISSUED, LeaseEvent.Type.RENEWED);
  }

  @Test
  void renew_zeroIncrement_usesDefaultTtl() {
    String id = t.issueId("app");
    t.clock.advance(Duration.ofMinutes(50));

    Lease renewed = t.leases().renew(id, Duration.ZERO);

    assertThat(renewed.ttl()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void renew_beyondMax_isCappedWithWarning() {
    String id = t.issueId("app");
    for (int i = 0; i < 2; i++) {
      t.clock.advance(Duration.ofMinutes(50));
      t.leases().renew(id, Duration.ofHours(1));
    }
    t.clock.advance(Duration.ofMinutes(50)); // 2h30m: 30m left until the max of 3h

    DefaultLeaseManager.Renewal renewal =
        ((DefaultLeaseManager) t.leases()).renewWithWarnings(id, Duration.ofHours(2));

    assertThat(renewal.lease().expireTime()).isEqualTo(ManualStart.plus(Duration.ofHours(3)));
    assertThat(renewal.warnings())
        .containsExactly(
            "TTL of 2h exceeded the effective max_ttl of 30m; TTL value is capped accordingly");
  }

  @Test
  void renew_refusals_sayWhy() {
    String expired = t.issueId("a");
    t.clock.advance(Duration.ofMinutes(30));
    String live = t.issueId("b");
    t.engine.renewable(false);
    String fixed = t.issueId("c");
    t.engine.renewable(true);

    assertThatThrownBy(() -> t.leases().renew(fixed, Duration.ZERO))
        .isInstanceOf(OperationNotSupportedException.class)
        .hasMessage("lease " + fixed + " is not renewable");
    assertThatThrownBy(() -> t.leases().renew("fake/creds/a/none", Duration.ZERO))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("lease fake/creds/a/none not found");
    assertThatThrownBy(() -> t.leases().renew(live, Duration.ofSeconds(-1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("increment: must not be negative, was PT-1S");

    t.engine.failNextRevocations(1);
    t.clock.advance(Duration.ofMinutes(30)); // the first lease expires; its revocation fails
    assertThat(t.leases().lookup(expired)).isPresent();
    assertThatThrownBy(() -> t.leases().renew(expired, Duration.ZERO))
        .isInstanceOf(OperationNotSupportedException.class)
        .hasMessage("lease " + expired + " has expired, cannot renew");
  }

  @Test
  void renew_pastMaxTtl_isRefused() {
    String id = t.issueId("a");
    for (int i = 0; i < 3; i++) {
      t.clock.advance(Duration.ofMinutes(59));
      t.leases().renew(id, Duration.ofHours(1));
    }
    t.clock.advance(Duration.ofMinutes(2)); // 2h59m: expires at the max, 3h

    Lease last = t.leases().renew(id, Duration.ofHours(1));
    assertThat(last.expireTime()).isEqualTo(ManualStart.plus(Duration.ofHours(3)));
  }

  @Test
  void renew_irrevocable_isRefused() {
    String id = t.issueId("a");
    t.engine.failRevocationsPermanently(1);
    t.clock.advance(Duration.ofHours(1));

    assertThatThrownBy(() -> t.leases().renew(id, Duration.ZERO))
        .isInstanceOf(OperationNotSupportedException.class)
        .hasMessage("lease " + id + " is irrevocable (its revocation failed), cannot renew");
  }

  @Test
  void revoke_deletesSecretThenRecord() {
    Response response = t.issue("app");
    String id = response.lease().orElseThrow().id();

    t.leases().revoke(id);

    assertThat(t.engine.isLive(response.string("username"))).isFalse();
    assertThat(t.leases().lookup(id)).isEmpty();
    assertThat(t.eventTypes()).containsExactly(LeaseEvent.Type.ISSUED, LeaseEvent.Type.REVOKED);
    assertThatThrownBy(() -> t.leases().revoke(id))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("lease " + id + " not found");
  }

  @Test
  void revoke_engineFails_keepsLeaseAndRetriesInBackground() {
    Response response = t.issue("app");
    String id = response.lease().orElseThrow().id();
    t.engine.failNextRevocations(1);

    assertThatThrownBy(() -> t.leases().revoke(id))
        .isInstanceOf(UpstreamException.class)
        .matches(e -> ((LessorException) e).retryable())
        .hasMessage(
            "revocation of lease "
                + id
                + " failed and will be retried at "
                + t.store.get(id).orElseThrow().dueTime()
                + ": fake revocation failure for "
                + id);
    assertThat(t.leases().lookup(id)).isPresent();
    assertThatThrownBy(() -> t.leases().renew(id, Duration.ZERO))
        .hasMessage("lease " + id + " has expired, cannot renew");

    t.clock.advance(Duration.ofSeconds(30)); // past the first backoff (20 s ± 50 %)

    assertThat(t.leases().lookup(id)).isEmpty();
    assertThat(t.engine.isLive(response.string("username"))).isFalse();
  }

  @Test
  void revokePrefix_revokesOnlyThatPrefix() {
    t.issueId("a");
    t.issueId("a");
    String other = t.issueId("ab");

    int revoked = t.leases().revokePrefix("fake/creds/a/");

    assertThat(revoked).isEqualTo(2);
    assertThat(t.leases().list("")).containsExactly(other);
  }

  @Test
  void revokePrefix_someFail_revokesTheRestAndReports() {
    t.issueId("a");
    t.issueId("a");
    t.issueId("a");
    t.engine.failNextRevocations(1);

    assertThatThrownBy(() -> t.leases().revokePrefix("fake/creds/a/"))
        .isInstanceOf(UpstreamException.class)
        .hasMessageStartingWith("1 of 3 leases under 'fake/creds/a/' could not be revoked");
    assertThat(t.leases().count()).isEqualTo(1);
  }

  @Test
  void revokeForce_dropsRecordsWithoutCallingEngine() {
    Response response = t.issue("a");
    t.issue("a");

    int dropped = t.leases().revokeForce("fake/creds/a/");

    assertThat(dropped).isEqualTo(2);
    assertThat(t.leases().count()).isZero();
    assertThat(t.engine.revocationCalls()).isZero();
    assertThat(t.engine.isLive(response.string("username"))).isTrue();
  }

  private static final java.time.Instant ManualStart = dev.lessor.testing.ManualClock.DEFAULT_START;

  private static java.util.List<String> sorted(String... ids) {
    return java.util.Arrays.stream(ids).sorted().toList();
  }
}
