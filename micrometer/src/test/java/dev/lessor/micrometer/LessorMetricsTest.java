package dev.lessor.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.Lease;
import dev.lessor.Lessor;
import dev.lessor.LessorException;
import dev.lessor.RetryPolicy;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LessorMetricsTest {
  private static final Duration A_MINT = Duration.ofMillis(40);
  private static final Duration A_REVOKE = Duration.ofMillis(30);
  private static final Duration B_MINT = Duration.ofMillis(10);
  private static final Duration B_REVOKE = Duration.ofMillis(20);

  private final ManualClock clock = new ManualClock();
  private final TimedEngine a = new TimedEngine(clock, A_MINT, A_REVOKE);
  private final TimedEngine b = new TimedEngine(clock, B_MINT, B_REVOKE);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Lessor lessor =
      Lessor.builder()
          .clock(clock)
          .scheduler(new ManualScheduler(clock))
          .revocationExecutor(Runnable::run)
          // no jitter: the first retry comes exactly 20 s after the failure
          .retryPolicy(
              new RetryPolicy(
                  3, Duration.ofSeconds(10), Duration.ofHours(1), 0, Duration.ofDays(1)))
          .build();

  @AfterEach
  void close() {
    lessor.close();
  }

  private List<Lease> issue(String mount, int count, String ttl) {
    List<Lease> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(lessor.read(mount + "creds/app", Map.of("ttl", ttl)).lease().orElseThrow());
    }
    return out;
  }

  private double gauge(String name, String mount, String state) {
    return registry.get(name).tags("mount", mount, "state", state).gauge().value();
  }

  private double counter(String name, String mount) {
    return registry.get(name).tags("mount", mount).counter().count();
  }

  private Timer timer(String name, String... tags) {
    return registry.get(name).tags(tags).timer();
  }

  private double lagSeconds() {
    return registry.get(LessorMetrics.LAG).timeGauge().value(TimeUnit.SECONDS);
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  @Test
  void bindTo_leasesIssuedRenewedRevokedExpiredAndFailed_everyMeterReadsItsNumber() {
    lessor.mount("a/", a);
    new LessorMetrics(lessor, Tags.of("app", "test"), Duration.ZERO).bindTo(registry);
    lessor.mount("b/", b); // after binding: its meters come with its first event

    List<Lease> as = issue("a/", 5, "1h");
    List<Lease> bs = issue("b/", 3, "2h");
    lessor.leases().renew(as.get(0).id(), Duration.ZERO);
    lessor.leases().revoke(as.get(1).id());
    lessor.leases().revoke(as.get(2).id());
    b.fake.failRevocationsPermanently(1);
    assertThatThrownBy(() -> lessor.leases().revoke(bs.get(0).id()))
        .isInstanceOf(LessorException.class);

    // a3 and a4 expire; the first revocation (a3's, the earliest due) fails and is retried in 20 s
    a.fake.failNextRevocations(1);
    clock.advanceTo(as.get(4).expireTime().plusSeconds(1));

    assertThat(gauge(LessorMetrics.LEASES, "a/", "active")).isEqualTo(2); // a0 renewed, a3 failed
    assertThat(gauge(LessorMetrics.LEASES, "a/", "pending")).isZero();
    assertThat(gauge(LessorMetrics.LEASES, "a/", "irrevocable")).isZero();
    assertThat(gauge(LessorMetrics.LEASES, "b/", "active")).isEqualTo(2);
    assertThat(gauge(LessorMetrics.LEASES, "b/", "irrevocable")).isEqualTo(1);
    assertThat(registry.get(LessorMetrics.IRREVOCABLE).tags("mount", "b/").gauge().value())
        .isEqualTo(1);
    assertThat(registry.get(LessorMetrics.IRREVOCABLE).tags("mount", "a/").gauge().value())
        .isZero();
    // a3 is the one lease past its expiry (b0 is irrevocable and left out)
    Duration lag = Duration.between(as.get(3).expireTime(), clock.instant());
    assertThat(lag).isEqualTo(Duration.ofMillis(1000 + 40 + 2 * 30)); // a4 expired 40 ms later
    assertThat(lagSeconds()).isEqualTo(seconds(lag));

    clock.advance(Duration.ofSeconds(5)); // before the retry: the lag grows with the clock
    assertThat(lagSeconds()).isEqualTo(seconds(lag.plusSeconds(5)));

    clock.advance(Duration.ofSeconds(15)); // the retry revokes a3
    assertThat(lagSeconds()).isZero();
    assertThat(gauge(LessorMetrics.LEASES, "a/", "active")).isEqualTo(1);

    assertThat(counter(LessorMetrics.ISSUED, "a/")).isEqualTo(5);
    assertThat(counter(LessorMetrics.ISSUED, "b/")).isEqualTo(3);
    assertThat(counter(LessorMetrics.RENEWED, "a/")).isEqualTo(1);
    assertThat(counter(LessorMetrics.RENEWED, "b/")).isZero();
    assertThat(counter(LessorMetrics.REVOKED, "a/")).isEqualTo(2);
    assertThat(counter(LessorMetrics.REVOKED, "b/")).isZero();
    assertThat(counter(LessorMetrics.EXPIRED, "a/")).isEqualTo(2);
    assertThat(counter(LessorMetrics.FAILURES, "a/")).isEqualTo(1);
    assertThat(counter(LessorMetrics.FAILURES, "b/")).isEqualTo(1);

    assertTimer(timer(LessorMetrics.MINT, "mount", "a/"), 5, A_MINT.multipliedBy(5));
    assertTimer(timer(LessorMetrics.MINT, "mount", "b/"), 3, B_MINT.multipliedBy(3));
    assertTimer(
        timer(LessorMetrics.REVOCATION, "mount", "a/", "outcome", "revoked"),
        2,
        A_REVOKE.multipliedBy(2));
    assertTimer(
        timer(LessorMetrics.REVOCATION, "mount", "a/", "outcome", "expired"),
        2,
        A_REVOKE.multipliedBy(2));
    assertTimer(timer(LessorMetrics.REVOCATION, "mount", "a/", "outcome", "failed"), 1, A_REVOKE);
    assertTimer(timer(LessorMetrics.REVOCATION, "mount", "b/", "outcome", "failed"), 1, B_REVOKE);
    assertThat(registry.get(LessorMetrics.ISSUED).counters())
        .allSatisfy(c -> assertThat(c.getId().getTag("app")).isEqualTo("test"));
  }

  private static void assertTimer(Timer timer, long count, Duration total) {
    assertThat(timer.count()).isEqualTo(count);
    assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(total.toNanos());
  }

  @Test
  void gauges_withinStatsMaxAge_readTheSnapshotThenANewOne() {
    lessor.mount("a/", a);
    new LessorMetrics(lessor, Tags.empty(), Duration.ofSeconds(10)).bindTo(registry);
    issue("a/", 2, "1h");
    clock.advance(Duration.ofSeconds(10)); // the snapshot taken at binding is stale now
    assertThat(gauge(LessorMetrics.LEASES, "a/", "active")).isEqualTo(2);

    issue("a/", 3, "1h");
    assertThat(gauge(LessorMetrics.LEASES, "a/", "active")).isEqualTo(2); // 0.12 s old

    clock.advance(Duration.ofSeconds(10));
    assertThat(gauge(LessorMetrics.LEASES, "a/", "active")).isEqualTo(5);
    assertThat(counter(LessorMetrics.ISSUED, "a/")).isEqualTo(5); // counters are never stale
  }

  @Test
  void gauges_leaseUndecidedPastItsExpiry_lagReadsTimeSinceExpiry() {
    lessor.mount("a/", a);
    LessorMetrics.of(lessor).bindTo(registry);
    Lease lease = issue("a/", 1, "1m").get(0);
    a.fake.undecidableUntil(lease.expireTime().plus(Duration.ofMinutes(30)));

    clock.advanceTo(lease.expireTime().plus(Duration.ofMinutes(20)));

    // the default statsMaxAge (10 s) has passed since binding, so this is a new snapshot
    Duration lag = Duration.between(lease.expireTime(), clock.instant());
    assertThat(lag).isEqualTo(Duration.ofMinutes(20).plus(A_REVOKE)); // the try took 30 ms
    assertThat(lagSeconds()).isEqualTo(seconds(lag));
    assertThat(counter(LessorMetrics.FAILURES, "a/")).isZero(); // waiting is no failure
  }

  @Test
  void close_afterBinding_stopsCountingEvents() {
    lessor.mount("a/", a);
    LessorMetrics metrics = LessorMetrics.of(lessor);
    metrics.bindTo(registry);
    issue("a/", 1, "1h");

    metrics.close();
    issue("a/", 2, "1h");

    assertThat(counter(LessorMetrics.ISSUED, "a/")).isEqualTo(1);
  }
}
