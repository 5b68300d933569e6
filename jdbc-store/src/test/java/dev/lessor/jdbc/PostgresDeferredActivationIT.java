package dev.lessor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.Lease;
import dev.lessor.LeaseState;
import dev.lessor.jdbc.PostgresInstances.Instance;
import dev.lessor.testing.ManualClock;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One durable write per issue on PostgreSQL, and what instances sharing the database do with the
 * PENDING rows of an owner that is alive (nothing before expiry) and of one that died before its
 * ACTIVE write (revoke at the pending deadline, before expiry).
 */
class PostgresDeferredActivationIT {
  private static final EncryptionKey KEY = TestKeys.key(11);
  private static final Duration PENDING_TIMEOUT = Duration.ofMinutes(10);

  private final PostgresInstances instances = new PostgresInstances(KEY);
  private final ManualClock clock = instances.clock;
  private final AtomicInteger commits = new AtomicInteger();

  @AfterEach
  void closeAll() throws Exception {
    instances.close();
  }

  private Instance start(DataSource ds) {
    return instances.start(ds, b -> b.pendingTimeout(PENDING_TIMEOUT));
  }

  private static Lease issue(Instance instance) {
    return instance.lessor().read("fake/creds/app", Map.of("ttl", "1h")).lease().orElseThrow();
  }

  @Test
  void read_oneThread_commitsOncePerLease() {
    Instance instance = start(countingCommits(PostgresTestDatabase.emptyDatabase()));
    issue(instance); // the mount, the first drain and the first lease are not counted
    int before = commits.get();

    List<Lease> leases = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      leases.add(issue(instance));
    }
    int issuing = commits.get() - before;

    // Each ACTIVE write rode in the next lease's commit; the last one's within milliseconds.
    assertThat(issuing).isLessThan(150); // two commits per lease before: 200
    Await.await(
        "every activation to be stored", () -> pending(instance).isEmpty(), Duration.ofSeconds(30));
    assertThat(instance.lessor().leases().lookup(leases.get(99).id()).orElseThrow().state())
        .isEqualTo(LeaseState.ACTIVE);
  }

  @Test
  void pendingDeadlinePasses_otherInstanceRevokesDeadOwnersLeaseButNotLiveOwnersLeases() {
    DataSource ds = PostgresTestDatabase.emptyDatabase();
    Instance dead = start(ds);
    Lease lost = issue(dead);
    Await.await(
        "the dead owner's activation", () -> pending(dead).isEmpty(), Duration.ofSeconds(30));
    // What a crash between the PENDING insert and the ACTIVE write's commit leaves on disk.
    rewindToPending(ds, lost);
    dead.lessor().close();
    dead.stores().close();
    Instance owner = start(ds);
    Instance other = start(ds);
    List<String> live = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      live.add(issue(owner).id());
    }
    Await.await(
        "the live owner's activations",
        () -> pending(owner).equals(List.of(lost.id())),
        Duration.ofSeconds(30));

    clock.advance(PENDING_TIMEOUT);
    Await.await(
        "the dead owner's lease to be revoked",
        () -> revoked(owner, other).contains(lost.id()),
        Duration.ofSeconds(30));
    clock.advance(Duration.ofMinutes(49)); // polls of both instances, up to a minute before expiry

    assertThat(revoked(owner, other)).containsExactly(lost.id());
    assertThat(clock.instant()).isBefore(lost.expireTime());
    clock.advance(Duration.ofMinutes(1));
    Await.await(
        "the live owner's leases to expire",
        () -> revoked(owner, other).size() == 11,
        Duration.ofSeconds(30));
    assertThat(revoked(owner, other)).doesNotHaveDuplicates().containsAll(live);
  }

  private static List<String> pending(Instance instance) {
    return instance.stores().leaseStore().findByState(LeaseState.PENDING, 100).stream()
        .map(r -> r.id())
        .toList();
  }

  private static List<String> revoked(Instance a, Instance b) {
    List<String> all = new ArrayList<>(a.engine().revokedLeases());
    all.addAll(b.engine().revokedLeases());
    return all;
  }

  private static void rewindToPending(DataSource ds, Lease lease) {
    try (Connection c = ds.getConnection()) {
      TestLeases.rewindToPending(c, lease, PENDING_TIMEOUT);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code ds}, counting the commits of the connections it hands out. */
  private DataSource countingCommits(DataSource ds) {
    return (DataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = method.invoke(ds, args);
              return method.getName().equals("getConnection")
                  ? countingCommits((Connection) result)
                  : result;
            });
  }

  private Connection countingCommits(Connection c) {
    return (Connection)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("commit")) {
                commits.incrementAndGet();
              }
              try {
                return method.invoke(c, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
