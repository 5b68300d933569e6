package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.engine.MountContext;
import dev.lessor.engine.PathRouter;
import dev.lessor.engine.SecretsEngine;
import dev.lessor.store.LeaseRecord;
import dev.lessor.store.Storage;
import dev.lessor.testing.FakeSecretsEngine;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Mounting and unmounting against each other, engines of another type at an old path, listeners
 * that unmount (issue 9, scenarios 17, 18 and 19).
 */
class MountTest {

  @Test
  void mount_whileAnUnmountOfThatPathRuns_isRefusedAndNoConfigurationIsLost() throws Exception {
    CountDownLatch closing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (TestLessor t = new TestLessor()) {
      t.lessor.mount("cfg/", new ConfigEngine(closing, release));
      t.lessor.write("cfg/config", Map.of("value", "old"));
      Future<?> unmounting = pool.submit(() -> t.lessor.unmount("cfg/"));
      assertThat(closing.await(10, TimeUnit.SECONDS)).isTrue(); // the unmount is closing it

      assertThatThrownBy(() -> t.lessor.mount("cfg/", new ConfigEngine(null, null)))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage(
              "path: 'cfg/' overlaps 'cfg/', which is being mounted or unmounted; try again once"
                  + " that is done");

      release.countDown();
      unmounting.get(10, TimeUnit.SECONDS);
      t.lessor.mount("cfg/", new ConfigEngine(null, null));
      t.lessor.write("cfg/config", Map.of("value", "new"));
      assertThat(t.lessor.read("cfg/config").string("value")).isEqualTo("new");
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void dueLease_ofAnotherEngineType_waitsWithAWarningAndGoesToItsOwnType() {
    DurableMemoryStore store = new DurableMemoryStore();
    TestLessor first = new TestLessor(store, b -> b.defaultLeaseTtl(Duration.ofMinutes(5)));
    String id = first.issueId("app");
    first.close();

    try (TestLessor second =
        new TestLessor(store, b -> b.mountWait(Duration.ofMinutes(1)), "other/")) {
      OtherEngine other = new OtherEngine();
      String logs;
      try (CapturedLogs captured = new CapturedLogs()) {
        second.lessor.mount("fake/", other);
        second.clock.advance(Duration.ofMinutes(30));
        logs = captured.text();
      }

      assertThat(other.revoked).isZero();
      assertThat(second.leases().lookup(id)).isPresent();
      assertThat(logs)
          .contains(
              "WARN dev.lessor.MountWaits - leases of mount 'fake/' are due but need an engine of"
                  + " type 'dev.lessor.testing.FakeSecretsEngine', and 'other' is mounted there")
          .contains(id);
      assertThatThrownBy(() -> second.leases().revoke(id))
          .isInstanceOf(LessorException.class)
          .hasMessage(
              "lease "
                  + id
                  + " was issued by an engine of type 'dev.lessor.testing.FakeSecretsEngine', but"
                  + " 'fake/' has an engine of type 'other'; it waits until a"
                  + " 'dev.lessor.testing.FakeSecretsEngine' engine is mounted there");

      second.lessor.unmount("fake/"); // leaves the lease of the other type alone
      assertThat(second.leases().lookup(id)).isPresent();
      FakeSecretsEngine own = new FakeSecretsEngine();
      second.lessor.mount("fake/", own);
      assertThat(second.leases().lookup(id)).isEmpty();
      assertThat(own.revokedLeases()).containsExactly(id);
    }
  }

  @Test
  void listener_thatUnmountsOnIssued_returnsPromptly() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (TestLessor t = new TestLessor()) {
      t.leases()
          .addListener(
              event -> {
                if (event.type() == LeaseEvent.Type.ISSUED) {
                  t.lessor.unmount("fake/");
                }
              });

      Future<Response> read = pool.submit(() -> t.issue("app"));

      String id = read.get(10, TimeUnit.SECONDS).lease().orElseThrow().id();
      assertThat(t.lessor.mounts()).containsExactly("sys/");
      assertThat(t.leases().lookup(id)).isEmpty(); // the unmount revoked it
      assertThat(t.engine.liveCredentials()).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  /** Keeps one value in its storage at config; its close can be made to wait. */
  private static final class ConfigEngine implements SecretsEngine {
    private final CountDownLatch closing;
    private final CountDownLatch release;

    ConfigEngine(CountDownLatch closing, CountDownLatch release) {
      this.closing = closing;
      this.release = release;
    }

    @Override
    public PathRouter mount(MountContext context) {
      Storage storage = context.storage();
      return PathRouter.builder()
          .write(
              "config",
              r -> {
                storage.put("config", r.requireString("value").getBytes());
                return Response.empty();
              })
          .read(
              "config",
              r ->
                  Response.of(
                      Map.of("value", new String(storage.get("config").orElse(new byte[0])))))
          .build();
    }

    @Override
    public void revoke(LeaseRecord lease) {}

    @Override
    public void close() {
      if (closing != null) {
        closing.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** An engine of type "other" that counts what it is asked to revoke. */
  /** An engine of type {@code other}: it counts the revocations it is given. */
  static final class OtherEngine implements SecretsEngine {
    int revoked;

    @Override
    public String type() {
      return "other";
    }

    @Override
    public PathRouter mount(MountContext context) {
      return PathRouter.builder().read("x", r -> Response.empty()).build();
    }

    @Override
    public void revoke(LeaseRecord lease) {
      revoked++;
    }
  }
}
