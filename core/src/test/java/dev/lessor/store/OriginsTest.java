package dev.lessor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.LeaseState;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OriginsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final Origins origins = new Origins();

  @Test
  void of_leasesOfOnePath_shareOneOrigin() {
    Origins.Origin first = origins.of(record("a/creds/x/1", "a/", "fake", new String("a/creds/x")));
    Origins.Origin second = origins.of(record("a/creds/x/2", "a/", "fake", "a/creds/x"));

    assertThat(second).isSameAs(first);
  }

  @Test
  void of_samePathFromAnotherEngine_keepsEachLeasesOwnOrigin() {
    Origins.Origin fake = origins.of(record("a/creds/x/1", "a/", "fake", "a/creds/x"));
    Origins.Origin other = origins.of(record("a/creds/x/2", "a/", "other", "a/creds/x"));

    assertThat(other.engine()).isEqualTo("other");
    assertThat(fake.engine()).isEqualTo("fake");
    assertThat(origins.of(record("a/creds/x/3", "a/", "other", "a/creds/x"))).isSameAs(other);
  }

  private static LeaseRecord record(String id, String mount, String engine, String path) {
    return new LeaseRecord(
        id, mount, engine, path, LeaseState.ACTIVE, T0, T0, T0, false, Map.of(), T0, 0, null, 0);
  }
}
