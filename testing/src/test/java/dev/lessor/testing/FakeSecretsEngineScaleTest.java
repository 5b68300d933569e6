package dev.lessor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.LeaseState;
import dev.lessor.store.LeaseRecord;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fake engine stays fast at the lease counts the scale harness uses. */
class FakeSecretsEngineScaleTest {

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS) // a copy-on-write record of them took 94 s
  void revoke_300000Leases_recordsEveryOneInOrder() {
    FakeSecretsEngine engine = new FakeSecretsEngine();
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    int n = 300_000;

    for (int i = 0; i < n; i++) {
      engine.revoke(
          new LeaseRecord(
              "fake/creds/a/" + i,
              "fake/",
              engine.type(),
              "fake/creds/a",
              LeaseState.ACTIVE,
              now,
              now,
              now,
              false,
              Map.of(),
              now,
              0,
              null,
              0));
    }

    assertThat(engine.revokedLeases()).hasSize(n).startsWith("fake/creds/a/0");
    assertThat(engine.revokedLeases().get(n - 1)).isEqualTo("fake/creds/a/" + (n - 1));
    assertThat(engine.revocationCalls()).isEqualTo(n);
  }
}
