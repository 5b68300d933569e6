package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SystemPathsTest {
  private final TestLessor t =
      new TestLessor(
          new dev.lessor.store.InMemoryLeaseStore(),
          b -> b.defaultLeaseTtl(Duration.ofHours(1)).maxLeaseTtl(Duration.ofHours(2)));

  @AfterEach
  void close() {
    t.close();
  }

  @Test
  void lookup_describesLease() {
    String id = t.issueId("app");
    t.clock.advance(Duration.ofMinutes(10));

    Response response = t.lessor.write("sys/leases/lookup", Map.of("lease_id", id));

    assertThat(response.data())
        .containsEntry("id", id)
        .containsEntry("path", "fake/creds/app")
        .containsEntry("ttl", "50m")
        .containsEntry("renewable", true)
        .containsEntry("state", "active")
        .containsEntry("expire_time", "2026-01-01T01:00:00Z");
  }

  @Test
  void renew_pastMax_returnsCappedLeaseWithWarning() {
    String id = t.issueId("app");
    t.clock.advance(Duration.ofMinutes(30));

    Response response =
        t.lessor.write("sys/leases/renew", Map.of("lease_id", id, "increment", "4h"));

    assertThat(response.lease().orElseThrow().expireTime())
        .isEqualTo(dev.lessor.testing.ManualClock.DEFAULT_START.plus(Duration.ofHours(2)));
    assertThat(response.warnings())
        .containsExactly(
            "TTL of 4h exceeded the effective max_ttl of 1h30m; TTL value is capped accordingly");
  }

  @Test
  void revokeAndPrefix_andCounts() {
    String one = t.issueId("a");
    t.issueId("b");
    t.issueId("b");

    t.lessor.write("sys/leases/revoke", Map.of("lease_id", one));
    Response prefix = t.lessor.write("sys/leases/revoke-prefix", Map.of("prefix", "fake/creds/b/"));

    assertThat(prefix.data()).containsEntry("revoked", 2);
    assertThat(t.lessor.read("sys/leases/count").data()).containsEntry("lease_count", 0L);
    assertThat(t.lessor.read("sys/mounts").data().get("keys"))
        .isEqualTo(java.util.List.of("fake/", "sys/"));
  }

  @Test
  void missingField_namesIt() {
    assertThatThrownBy(() -> t.lessor.write("sys/leases/renew", Map.of()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("lease_id: is required");
    assertThatThrownBy(() -> t.lessor.unmount("sys/"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("path: sys/ is built in and cannot be unmounted");
  }
}
