package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.engine.MountContext;
import dev.lessor.engine.PathRouter;
import dev.lessor.engine.SecretsEngine;
import dev.lessor.store.LeaseRecord;
import dev.lessor.testing.FakeSecretsEngine;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Durations out of range and dot segments are refused, naming the field (issue 9, scenarios 20 and
 * 21).
 */
class BadInputTest {
  private static final String TOO_LONG = "must be at most 73000d (200 years)";

  private final TestLessor t = new TestLessor();

  @AfterEach
  void close() {
    t.close();
  }

  @Test
  void read_ttlOutOfRange_isInvalidRequestNamingTtl() {
    for (Object ttl :
        new Object[] {
          "99999999999999999999s",
          "9999999999999999d",
          "999999999999d",
          "99999999999999999999",
          Long.MAX_VALUE,
          BigInteger.TEN.pow(30),
          1e300,
          Duration.ofSeconds(Long.MAX_VALUE)
        }) {
      assertThatThrownBy(() -> t.lessor.read("fake/creds/a", Map.of("ttl", ttl)))
          .as("ttl=%s", ttl)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("ttl: " + TOO_LONG + ", was ")
          .extracting(e -> ((InvalidRequestException) e).field())
          .isEqualTo("ttl");
    }
    assertThat(t.leases().count()).isZero();
  }

  @Test
  void renew_incrementOutOfRange_isInvalidRequestNamingIncrement() {
    String id = t.issueId("a");

    assertThatThrownBy(
            () ->
                t.lessor.write(
                    "sys/leases/renew", Map.of("lease_id", id, "increment", "999999999999d")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("increment: " + TOO_LONG + ", was 999999999999d");
    assertThatThrownBy(
            () ->
                t.lessor.write(
                    "sys/leases/renew", Map.of("lease_id", id, "increment", Long.MAX_VALUE)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("increment: " + TOO_LONG + ", was " + Long.MAX_VALUE + " seconds");
    assertThatThrownBy(() -> t.leases().renew(id, Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("increment: " + TOO_LONG + ", was " + Duration.ofSeconds(Long.MAX_VALUE));
    assertThatThrownBy(() -> t.leases().renew(id, Duration.ofDays(999999999999L)))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(t.leases().lookup(id).orElseThrow().expireTime())
        .isEqualTo(t.clock.instant().plus(Duration.ofHours(768)));
  }

  @Test
  void builder_durationBeyondRange_isRefused() {
    assertThatThrownBy(() -> Lessor.builder().maxLeaseTtl(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("maxLeaseTtl must be at most PT1752000H (200 years)");
  }

  @Test
  void mount_dotSegments_areRefusedNamingPath() {
    for (String bad : new String[] {"../", "./", "a/./", "a/../", "../a/"}) {
      assertThatThrownBy(() -> t.lessor.mount(bad, new FakeSecretsEngine()))
          .as(bad)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("path: a mount path must not have a '.' or '..' segment (was '" + bad + "')");
    }
    assertThat(t.lessor.mounts()).containsExactly("fake/", "sys/");
    t.lessor.mount("a.b/", new FakeSecretsEngine()); // a dot inside a name is fine
  }

  @Test
  void request_dotNamedSegment_isRefusedNamingTheSegment() {
    t.lessor.mount(
        "roles/",
        new SecretsEngine() {
          @Override
          public PathRouter mount(MountContext context) {
            return PathRouter.builder().write("roles/{name}", r -> Response.empty()).build();
          }

          @Override
          public void revoke(LeaseRecord lease) {}
        });

    assertThatThrownBy(() -> t.lessor.write("roles/roles/..", Map.of()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("name: must not be '.' or '..' (in path 'roles/..')");
    assertThatThrownBy(() -> t.lessor.read("fake/creds/."))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("name: must not be '.' or '..' (in path 'creds/.')");
    assertThat(t.leases().count()).isZero();
  }
}
