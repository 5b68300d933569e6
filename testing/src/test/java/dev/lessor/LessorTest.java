package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.engine.MountContext;
import dev.lessor.engine.PathRouter;
import dev.lessor.engine.SecretsEngine;
import dev.lessor.store.LeaseRecord;
import dev.lessor.testing.FakeSecretsEngine;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LessorTest {
  private final TestLessor t = new TestLessor();

  @AfterEach
  void close() {
    t.close();
  }

  @Test
  void read_issuingPath_returnsDataAndLeaseWithDefaults() {
    Response response = t.issue("app");

    Lease lease = response.lease().orElseThrow();
    assertThat(lease.id()).matches("fake/creds/app/[0-9A-Za-z]{22}");
    assertThat(lease.path()).isEqualTo("fake/creds/app");
    assertThat(lease.ttl()).isEqualTo(Duration.ofHours(768));
    assertThat(lease.expireTime()).isEqualTo(t.clock.instant().plus(Duration.ofHours(768)));
    assertThat(lease.maxExpireTime()).isEqualTo(lease.expireTime());
    assertThat(lease.renewable()).isTrue();
    assertThat(lease.state()).isEqualTo(LeaseState.ACTIVE);
    assertThat(response.data()).containsOnlyKeys("username", "password");
    assertThat(t.engine.isLive(response.string("username"))).isTrue();
    assertThat(t.eventTypes()).containsExactly(LeaseEvent.Type.ISSUED);
  }

  @Test
  void read_twice_givesDistinctLeasesAndCredentials() {
    Response first = t.issue("app");
    Response second = t.issue("app");

    assertThat(first.lease().orElseThrow().id()).isNotEqualTo(second.lease().orElseThrow().id());
    assertThat(first.string("password")).isNotEqualTo(second.string("password"));
    assertThat(t.leases().count()).isEqualTo(2);
  }

  @Test
  void read_askedTtl_isUsedAndCappedAtMax() {
    try (TestLessor capped =
        new TestLessor(
            new dev.lessor.store.InMemoryLeaseStore(),
            b -> b.defaultLeaseTtl(Duration.ofHours(1)).maxLeaseTtl(Duration.ofHours(2)))) {
      Lease asked = capped.lessor.read("fake/creds/a", Map.of("ttl", "30m")).lease().orElseThrow();
      Lease tooLong = capped.lessor.read("fake/creds/a", Map.of("ttl", "5h")).lease().orElseThrow();
      Lease defaulted = capped.issue("a").lease().orElseThrow();

      assertThat(asked.ttl()).isEqualTo(Duration.ofMinutes(30));
      assertThat(tooLong.ttl()).isEqualTo(Duration.ofHours(2));
      assertThat(defaulted.ttl()).isEqualTo(Duration.ofHours(1));
      assertThat(defaulted.maxExpireTime())
          .isEqualTo(capped.clock.instant().plus(Duration.ofHours(2)));
    }
  }

  @Test
  void read_askedTtlOverMax_warnsThatItWasCapped() {
    try (TestLessor capped =
        new TestLessor(
            new dev.lessor.store.InMemoryLeaseStore(),
            b -> b.defaultLeaseTtl(Duration.ofHours(1)).maxLeaseTtl(Duration.ofHours(24)))) {
      Response tooLong = capped.lessor.read("fake/creds/a", Map.of("ttl", "36h"));
      Response within = capped.lessor.read("fake/creds/a", Map.of("ttl", "24h"));

      assertThat(tooLong.warnings())
          .containsExactly(
              "TTL of 36h exceeded the effective max_ttl of 24h; TTL value is capped accordingly");
      assertThat(within.warnings()).isEmpty();
      assertThat(capped.issue("a").warnings()).isEmpty();
    }
  }

  @Test
  void read_badField_namesFieldAndChangesNothing() {
    assertThatThrownBy(() -> t.lessor.read("fake/creds/app", Map.of("ttl", "soon")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("ttl: must be a duration like 768h, 30m, 1h30m or a number of seconds")
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo("ttl");
    assertThat(t.leases().count()).isZero();
    assertThat(t.engine.issuedCount()).isZero();
  }

  @Test
  void read_unknownMount_namesPathAndMounts() {
    assertThatThrownBy(() -> t.lessor.read("aws/creds/x"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no mount for path 'aws/creds/x'; mounts are [fake/, sys/]");
  }

  @Test
  void read_unknownPath_namesEnginePaths() {
    assertThatThrownBy(() -> t.lessor.read("fake/nope"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no path 'nope' in this engine; its paths are [creds/{name}]");
  }

  @Test
  void write_readOnlyPath_isUnsupportedOperation() {
    assertThatThrownBy(() -> t.lessor.write("fake/creds/app", Map.of()))
        .isInstanceOf(OperationNotSupportedException.class)
        .hasMessage("path 'creds/app' supports READ, not WRITE");
    assertThat(t.leases().count()).isZero();
  }

  @Test
  void mount_badPath_isRejectedAndNothingMounted() {
    for (String bad : new String[] {"aws", "/aws/", "", "a b/", "aws//"}) {
      assertThatThrownBy(() -> t.lessor.mount(bad, new FakeSecretsEngine()))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("path: a mount path is one or more segments");
    }
    assertThat(t.lessor.mounts()).containsExactly("fake/", "sys/");
  }

  @Test
  void mount_overlappingOrSameEngine_isRejected() {
    assertThatThrownBy(() -> t.lessor.mount("fake/inner/", new FakeSecretsEngine()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("path: 'fake/inner/' overlaps the mount 'fake/'");
    assertThatThrownBy(() -> t.lessor.mount("other/", t.engine))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("engine: this engine instance is mounted at 'fake/' already");
    assertThat(t.lessor.mounts()).containsExactly("fake/", "sys/");
  }

  @Test
  void mount_sameTypeTwice_routesToEach() {
    FakeSecretsEngine second = new FakeSecretsEngine();
    t.lessor.mount("fake-prod/", second);

    String username = t.lessor.read("fake-prod/creds/app").string("username");

    assertThat(second.isLive(username)).isTrue();
    assertThat(t.engine.isLive(username)).isFalse();
    assertThat(t.lessor.mounts()).containsExactly("fake-prod/", "fake/", "sys/");
  }

  @Test
  void unmount_revokesLeasesOfThatMountOnly() {
    FakeSecretsEngine other = new FakeSecretsEngine();
    t.lessor.mount("other/", other);
    String kept = t.lessor.read("other/creds/app").lease().orElseThrow().id();
    t.issue("a");
    t.issue("b");

    t.lessor.unmount("fake/");

    assertThat(t.engine.liveCredentials()).isEmpty();
    assertThat(t.leases().list("")).containsExactly(kept);
    assertThat(t.lessor.mounts()).containsExactly("other/", "sys/");
    assertThatThrownBy(() -> t.lessor.unmount("fake/"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("nothing is mounted at 'fake/'");
  }

  @Test
  void unmount_waitsForRequestsInFlightAndRevokesTheirLeases() throws Exception {
    java.util.Set<String> cloud = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.CountDownLatch inHandler = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    t.lessor.mount(
        "slow/",
        new SecretsEngine() {
          @Override
          public PathRouter mount(MountContext context) {
            return PathRouter.builder()
                .read("ping", r -> Response.empty())
                .read(
                    "creds/{name}",
                    r -> {
                      r.beginLease(dev.lessor.engine.LeaseTerms.defaults(), Map.of("id", "user-1"));
                      cloud.add("user-1");
                      inHandler.countDown();
                      awaitUninterruptibly(release);
                      return Response.empty();
                    })
                .build();
          }

          @Override
          public void revoke(LeaseRecord lease) {
            cloud.remove(lease.internal().get("id"));
          }
        });
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var issuing = pool.submit(() -> t.lessor.read("slow/creds/app"));
      assertThat(inHandler.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      var unmounting = pool.submit(() -> t.lessor.unmount("slow/"));

      CloseTest.awaitThrows(
          () -> t.lessor.read("slow/ping")); // refused as soon as the unmount starts
      assertThatThrownBy(() -> t.lessor.read("slow/ping"))
          .isInstanceOf(NotFoundException.class)
          .hasMessage("mount 'slow/' is being unmounted; no path 'slow/ping'");
      assertThat(unmounting.isDone()).isFalse(); // the issue in flight holds it

      release.countDown();
      assertThat(issuing.get(10, java.util.concurrent.TimeUnit.SECONDS).lease()).isPresent();
      unmounting.get(10, java.util.concurrent.TimeUnit.SECONDS);

      assertThat(cloud).isEmpty();
      assertThat(t.leases().list("slow/")).isEmpty();
      assertThat(t.lessor.mounts()).containsExactly("fake/", "sys/");
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  private static void awaitUninterruptibly(java.util.concurrent.CountDownLatch latch) {
    try {
      latch.await(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void unmount_revocationFails_keepsMountAndLease() {
    String id = t.issueId("a");
    t.engine.failNextRevocations(1);

    assertThatThrownBy(() -> t.lessor.unmount("fake/")).isInstanceOf(UpstreamException.class);

    assertThat(t.lessor.mounts()).containsExactly("fake/", "sys/");
    assertThat(t.leases().lookup(id)).isPresent();
  }

  @Test
  void close_thenRequest_isRejected() {
    t.lessor.close();
    assertThatThrownBy(() -> t.issue("app"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this Lessor is closed");
  }

  @Test
  void close_closesEngines() {
    boolean[] closed = {false};
    t.lessor.mount(
        "closing/",
        new SecretsEngine() {
          @Override
          public PathRouter mount(MountContext context) {
            return PathRouter.builder().read("x", r -> Response.empty()).build();
          }

          @Override
          public void revoke(LeaseRecord lease) {}

          @Override
          public void close() {
            closed[0] = true;
          }
        });

    t.lessor.close();

    assertThat(closed[0]).isTrue();
  }

  @Test
  void builder_badSettings_sayWhatIsWrong() {
    assertThatThrownBy(() -> Lessor.builder().defaultLeaseTtl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("defaultLeaseTtl must be positive, was PT0S");
    assertThatThrownBy(() -> Lessor.builder().revocationConcurrency(0))
        .hasMessage("revocationConcurrency must be from 1 to 10000, was 0");
    assertThatThrownBy(() -> Lessor.builder().revocationRateLimit(-1))
        .hasMessage(
            "revocationRateLimit must be a positive number of revocations per second, was -1.0");
    assertThatThrownBy(
            () ->
                Lessor.builder()
                    .defaultLeaseTtl(Duration.ofHours(2))
                    .maxLeaseTtl(Duration.ofHours(1))
                    .build())
        .hasMessage("defaultLeaseTtl (PT2H) must not be longer than maxLeaseTtl (PT1H)");
  }

  @Test
  void builder_maxLeaseTtlBelowTheDefault_lowersTheDefaultWithIt() {
    ManualClock clock = new ManualClock();
    try (Lessor lessor =
        Lessor.builder()
            .clock(clock)
            .scheduler(new ManualScheduler(clock))
            .maxLeaseTtl(Duration.ofHours(24))
            .build()) {
      lessor.mount("fake/", new FakeSecretsEngine());

      Lease lease = lessor.read("fake/creds/app").lease().orElseThrow();

      assertThat(lease.ttl()).isEqualTo(Duration.ofHours(24));
      assertThat(lease.maxExpireTime()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
    }
  }
}
