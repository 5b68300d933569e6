package dev.lessor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.Lease;
import dev.lessor.LeaseState;
import dev.lessor.Lessor;
import dev.lessor.Response;
import dev.lessor.testing.FakeSecretsEngine;
import dev.lessor.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationContext;

/** {@code lessor.*} lease settings: TTLs, revocation, retry policy, timeouts; and the shutdown. */
class LeaseSettingsPropertiesTest {
  private final ManualClock clock = new ManualClock();
  private final FakeSecretsEngine db = new FakeSecretsEngine();

  private LessorBuilderCustomizer manualTime() {
    return Runners.manualTime(clock);
  }

  private static Lease issue(Lessor lessor) {
    Response response = lessor.read("db/creds/app");
    return response.lease().orElseThrow();
  }

  private Lessor mounted(ApplicationContext context) {
    Lessor lessor = context.getBean(Lessor.class);
    lessor.mount("db/", db);
    return lessor;
  }

  @Test
  void ttls_unset_libraryDefaultsOf768h() {
    Runners.lessor()
        .withBean(LessorBuilderCustomizer.class, this::manualTime)
        .run(
            context -> {
              Lease lease = issue(mounted(context));
              assertThat(Duration.between(lease.issueTime(), lease.expireTime()))
                  .isEqualTo(Duration.ofHours(768));
            });
  }

  @Test
  void ttls_set_leasesGetThem() {
    Runners.lessor()
        .withBean(LessorBuilderCustomizer.class, this::manualTime)
        .withPropertyValues("lessor.default-lease-ttl=15m", "lessor.max-lease-ttl=1h")
        .run(
            context -> {
              Lease lease = issue(mounted(context));
              assertThat(Duration.between(lease.issueTime(), lease.expireTime()))
                  .isEqualTo(Duration.ofMinutes(15));
              assertThat(Duration.between(lease.issueTime(), lease.maxExpireTime()))
                  .isEqualTo(Duration.ofHours(1));
            });
  }

  @Test
  void ttls_defaultLongerThanMax_failsSayingSo() {
    Runners.lessor()
        .withPropertyValues("lessor.default-lease-ttl=2h", "lessor.max-lease-ttl=1h")
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessage(
                        "lessor.default-lease-ttl: defaultLeaseTtl (PT2H) must not be longer than"
                            + " maxLeaseTtl (PT1H)"));
  }

  @Test
  void ttl_negative_failsNamingTheProperty() {
    Runners.lessor()
        .withPropertyValues("lessor.max-lease-ttl=-5m")
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessage("lessor.max-lease-ttl: maxLeaseTtl must be positive, was PT-5M"));
  }

  @Test
  void ttl_notADuration_failsInSpringsBinding() {
    Runners.lessor()
        .withPropertyValues("lessor.pending-timeout=soon")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining(
                        "Failed to bind properties under 'lessor.pending-timeout'"));
  }

  @Test
  void revocation_concurrencyAndRateSet_accepted_andOutOfRange_refused() {
    Runners.lessor()
        .withPropertyValues(
            "lessor.revocation-concurrency=4",
            "lessor.revocation-rate-limit=20",
            "lessor.pending-timeout=2m",
            "lessor.claim-timeout=1m",
            "lessor.poll-interval=5s",
            "lessor.mount-wait=10s",
            "lessor.close-timeout=5s")
        .run(context -> assertThat(context).hasNotFailed());
    Runners.lessor()
        .withPropertyValues("lessor.revocation-concurrency=0")
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessage(
                        "lessor.revocation-concurrency: revocationConcurrency must be from 1 to"
                            + " 10000, was 0"));
    Runners.lessor()
        .withPropertyValues("lessor.revocation-rate-limit=0")
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessageStartingWith(
                        "lessor.revocation-rate-limit: revocationRateLimit must be a positive"));
    Runners.lessor()
        .withPropertyValues("lessor.claim-timeout=0s")
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessage("lessor.claim-timeout: claimTimeout must be positive, was PT0S"));
  }

  @Test
  void retry_maxAttemptsOne_aLeaseWhoseRevocationFailsOnceIsIrrevocable() {
    Runners.lessor()
        .withBean(LessorBuilderCustomizer.class, this::manualTime)
        .withPropertyValues("lessor.retry.max-attempts=1", "lessor.retry.base=1s")
        .run(
            context -> {
              Lessor lessor = mounted(context);
              db.failNextRevocations(1);
              Lease lease = lessor.read("db/creds/app", Map.of("ttl", "1m")).lease().get();
              clock.advance(Duration.ofMinutes(1));
              assertThat(lessor.leases().lookup(lease.id()).orElseThrow().state())
                  .isEqualTo(LeaseState.IRREVOCABLE);
            });
  }

  @Test
  void retry_unset_aLeaseWhoseRevocationFailsOnceIsRetried() {
    Runners.lessor()
        .withBean(LessorBuilderCustomizer.class, this::manualTime)
        .run(
            context -> {
              Lessor lessor = mounted(context);
              db.failNextRevocations(1);
              Lease lease = lessor.read("db/creds/app", Map.of("ttl", "1m")).lease().get();
              clock.advance(Duration.ofMinutes(1));
              assertThat(lessor.leases().lookup(lease.id()).orElseThrow().state())
                  .isNotEqualTo(LeaseState.IRREVOCABLE);
              clock.advance(Duration.ofMinutes(1)); // past the first backoff (10 s * 2 ± 50 %)
              assertThat(lessor.leases().lookup(lease.id())).isEmpty();
            });
  }

  @Test
  void retry_jitterOutOfRange_failsWithThePolicysMessage() {
    Runners.lessor()
        .withPropertyValues("lessor.retry.jitter=2")
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessage("lessor.retry: jitter must be from 0 to 1, was 2.0"));
  }

  /** Stands for an application bean that uses the Lessor until it is destroyed. */
  static final class LastWords implements DisposableBean {
    private final Lessor lessor;
    final List<String> said = new ArrayList<>();

    LastWords(Lessor lessor) {
      this.lessor = lessor;
    }

    @Override
    public void destroy() {
      said.add(lessor.read("db/creds/goodbye").string("username"));
    }
  }

  @Test
  void shutdown_beanUsingTheLessor_destroyedFirst_thenEveryLeaseRevoked() {
    AtomicReference<LastWords> app = new AtomicReference<>();
    Runners.lessor()
        .withBean(LessorBuilderCustomizer.class, this::manualTime)
        .withBean(LastWords.class)
        .run(
            context -> {
              issue(mounted(context));
              app.set(context.getBean(LastWords.class));
            });
    assertThat(app.get().said).singleElement().asString().startsWith("fake-goodbye-");
    assertThat(db.liveCredentials()).isEmpty();
    assertThat(db.issuedCount()).isEqualTo(2);
  }
}
