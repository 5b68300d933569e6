package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeasedSecretTest {

  @Test
  void close_endOfBlock_revokesTheLeaseAndTheCredential() {
    try (TestLessor t = new TestLessor()) {
      String user;
      String id;
      try (LeasedSecret s = t.lessor.lease("fake/creds/app", Map.of("ttl", "15m"))) {
        user = s.string("username");
        id = s.lease().id();
        assertThat(t.engine.isLive(user)).isTrue();
        assertThat(s.isLive()).isTrue();
        assertThat(s.lease().ttl()).isEqualTo(Duration.ofMinutes(15));
      }

      assertThat(t.engine.isLive(user)).isFalse();
      assertThat(t.leases().lookup(id)).isEmpty();
      assertThat(t.eventTypes()).containsExactly(LeaseEvent.Type.ISSUED, LeaseEvent.Type.REVOKED);
    }
  }

  @Test
  void close_revocationFails_doesNotThrowAndTheLoopRetriesIt() {
    try (TestLessor t = new TestLessor()) {
      LeasedSecret s = t.lessor.lease("fake/creds/app");
      String user = s.string("username");
      t.engine.failNextRevocations(1);

      s.close(); // no exception in the caller's finally

      assertThat(t.engine.isLive(user)).isTrue();
      assertThat(t.leases().lookup(s.lease().id())).isPresent();
      t.clock.advance(Duration.ofMinutes(5)); // past the first backoff
      assertThat(t.engine.isLive(user)).isFalse();
      assertThat(t.leases().lookup(s.lease().id())).isEmpty();
    }
  }

  @Test
  void close_twice_revokesOnce() {
    try (TestLessor t = new TestLessor()) {
      LeasedSecret s = t.lessor.lease("fake/creds/app");

      s.close();
      s.close();

      assertThat(t.engine.revokedLeases()).containsExactly(s.lease().id());
    }
  }

  @Test
  void isLive_revokedElsewhereOrExpired_isFalse() {
    try (TestLessor t = new TestLessor()) {
      LeasedSecret revoked = t.lessor.lease("fake/creds/app");
      LeasedSecret expiring = t.lessor.lease("fake/creds/app", Map.of("ttl", "1m"));

      t.leases().revoke(revoked.lease().id());
      t.clock.advance(Duration.ofMinutes(1));

      assertThat(revoked.isLive()).isFalse();
      assertThat(expiring.isLive()).isFalse();
      revoked.close(); // gone already: nothing to do, nothing thrown
      expiring.close();
    }
  }

  @Test
  void renew_extendsTheLeaseFromNow() {
    try (TestLessor t = new TestLessor()) {
      try (LeasedSecret s = t.lessor.lease("fake/creds/app", Map.of("ttl", "10m"))) {
        t.clock.advance(Duration.ofMinutes(8));

        Lease renewed = s.renew(Duration.ofMinutes(10));

        assertThat(renewed.expireTime()).isEqualTo(t.clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(s.lease()).isEqualTo(renewed);
        t.clock.advance(Duration.ofMinutes(5));
        assertThat(s.isLive()).isTrue();
      }
    }
  }

  @Test
  void renew_afterClose_isRefused() {
    try (TestLessor t = new TestLessor()) {
      LeasedSecret s = t.lessor.lease("fake/creds/app");
      s.close();

      assertThatThrownBy(() -> s.renew(Duration.ofMinutes(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(s.lease().id())
          .hasMessageContaining("closed");
    }
  }

  @Test
  void accessors_secretStaysMaskedUntilRevealed() {
    try (TestLessor t = new TestLessor()) {
      try (LeasedSecret s = t.lessor.lease("fake/creds/app")) {
        SecretValue password = s.secret("password");

        assertThat(password.toString()).isEqualTo("***");
        assertThat(s.string("password")).isEqualTo(password.reveal());
        assertThat(s.toString()).doesNotContain(password.reveal()).contains(s.lease().id());
        assertThat(s.secret("username").reveal()).isEqualTo(s.string("username"));
        assertThatThrownBy(() -> s.string("nope"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'nope'")
            .hasMessageContaining("[username, password]");
      }
    }
  }

  @Test
  void lease_pathThatIssuesNoLease_isRefusedNamingThePath() {
    try (TestLessor t = new TestLessor()) {
      assertThatThrownBy(() -> t.lessor.lease("sys/leases/count"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("path")
          .hasMessageContaining("sys/leases/count")
          .hasMessageContaining("issued no lease");
    }
  }
}
