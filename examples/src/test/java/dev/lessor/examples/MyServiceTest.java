package dev.lessor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.Lessor;
import dev.lessor.Response;
import dev.lessor.testing.FakeSecretsEngine;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A test the way a user of Lessor would write one: the code under test reads credentials from
 * Lessor; the test swaps in the fake engine and a manual clock, and checks that credentials go away
 * when their lease ends, without sleeping.
 */
class MyServiceTest {

  /** Stands for the user's own code: it connects with short-lived credentials. */
  static final class MyService {
    private final Lessor lessor;

    MyService(Lessor lessor) {
      this.lessor = lessor;
    }

    String connect() {
      Response creds = lessor.read("db/creds/reporting", java.util.Map.of("ttl", "15m"));
      return creds.string("username");
    }
  }

  @Test
  void connect_credentialsExpireWithTheirLease() {
    ManualClock clock = new ManualClock();
    FakeSecretsEngine db = new FakeSecretsEngine();
    try (Lessor lessor =
        Lessor.builder()
            .clock(clock)
            .scheduler(new ManualScheduler(clock))
            .revocationExecutor(Runnable::run)
            .build()) {
      lessor.mount("db/", db);

      String user = new MyService(lessor).connect();
      assertThat(db.isLive(user)).isTrue();

      clock.advance(Duration.ofMinutes(15));

      assertThat(db.isLive(user)).isFalse();
      assertThat(lessor.leases().count()).isZero();
    }
  }

  @Test
  void readmeExample_expiry_revokesTheFakeCredential() {
    // readme:begin test-kit
    ManualClock clock = new ManualClock();
    FakeSecretsEngine db = new FakeSecretsEngine();
    try (Lessor lessor = Lessor.builder()
            .clock(clock).scheduler(new ManualScheduler(clock)).revocationExecutor(Runnable::run)
            .build()) {
      lessor.mount("db/", db);
      String user = lessor.read("db/creds/reporting", Map.of("ttl", "15m")).string("username");
      clock.advance(Duration.ofMinutes(15));
      assertThat(db.isLive(user)).isFalse();   // revoked at expiry, before advance() returned
    }
    // readme:end test-kit
  }
}
