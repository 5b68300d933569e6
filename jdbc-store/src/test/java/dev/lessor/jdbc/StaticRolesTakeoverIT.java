package dev.lessor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.Lessor;
import dev.lessor.aws.AwsSecretsEngine;
import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.store.InMemoryStorage;
import dev.lessor.store.LeaseStore;
import dev.lessor.store.Storage;
import dev.lessor.testing.LocalIam;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Bug 3 of the established server: rotation must go on when the instance that scheduled it dies,
 * and with several instances on one store exactly one rotates. Two Lessors share one store (in
 * memory, or PostgreSQL, skipped without one: see {@link PostgresTestDatabase}), each with its own
 * engine and scheduler, on one clock.
 */
class StaticRolesTakeoverIT {
  private final ManualClock clock = new ManualClock();
  private final LocalIam iam = LocalIam.builder().clock(clock).start();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    iam.close();
  }

  /** One instance: a Lessor with its own scheduler and engine on the shared stores. */
  private record Instance(Lessor lessor, ManualScheduler scheduler) {}

  private LeaseStore leaseStore;
  private Storage storage;

  /** The two instances of a test, on the shared stores; a configures the root and the role. */
  private Instance a;

  private Instance b;

  private void stores(String kind) {
    if (kind.equals("memory")) {
      leaseStore = new InMemoryLeaseStore();
      storage = new InMemoryStorage();
      return;
    }
    DataSource ds = postgres();
    JdbcStores first = JdbcStores.postgres(ds, key());
    toClose.add(first);
    leaseStore = first.leaseStore();
    storage = first.storage();
  }

  private Instance instance(String kind) {
    LeaseStore store = leaseStore;
    Storage own = storage;
    if (kind.equals("postgres") && !toClose.isEmpty()) {
      JdbcStores mine = JdbcStores.postgres(postgres(), key()); // a connection set of its own
      toClose.add(mine);
      store = mine.leaseStore();
      own = mine.storage();
    }
    ManualScheduler scheduler = new ManualScheduler(clock);
    Lessor lessor =
        Lessor.builder()
            .clock(clock)
            .scheduler(scheduler)
            .revocationExecutor(Runnable::run)
            .leaseStore(store)
            .storage(own)
            .build();
    toClose.add(lessor);
    lessor.mount("aws/", new AwsSecretsEngine());
    return new Instance(lessor, scheduler);
  }

  /**
   * Starts {@link #a} and {@link #b} on new stores of {@code kind}, with the root configured and
   * static role {@code app} (rotation_period 1h) written through a: its first rotation has run.
   */
  private void startTwo(String kind) {
    stores(kind);
    a = instance(kind);
    b = instance(kind);
    iam.faults().clear();
    try (IamClient admin = admin()) {
      admin.createUser(r -> r.userName("app"));
    }
    a.lessor()
        .write("aws/config/root", rootConfig(iam.adminAccessKeyId(), iam.adminSecretAccessKey()));
    a.lessor().write("aws/static-roles/app", Map.of("username", "app", "rotation_period", "1h"));
  }

  /** config/root against LocalIam with this key, and {@code extra} fields. */
  private Map<String, Object> rootConfig(String accessKey, String secretKey, String... extra) {
    Map<String, Object> config = new HashMap<>();
    config.put("access_key", accessKey);
    config.put("secret_key", secretKey);
    config.put("region", iam.region());
    config.put("iam_endpoint", iam.endpoint().toString());
    config.put("sts_endpoint", iam.endpoint().toString());
    for (int i = 0; i < extra.length; i += 2) {
      config.put(extra[i], extra[i + 1]);
    }
    return config;
  }

  private IamClient admin() {
    return IamClient.builder()
        .httpClient(Apache5HttpClient.create())
        .endpointOverride(iam.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(iam.adminAccessKeyId(), iam.adminSecretAccessKey())))
        .build();
  }

  private String currentKey(Instance i) {
    return i.lessor().read("aws/static-creds/app").string("access_key");
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "postgres"})
  void rotation_instanceThatScheduledItIsGone_anotherInstanceRotates(String kind) {
    startTwo(kind);
    String first = currentKey(a);
    int creates = iam.callCount("CreateAccessKey");

    a.lessor().close(); // the instance that scheduled the rotation is gone
    clock.advance(Duration.ofHours(1)); // runs b's scheduler

    assertThat(iam.callCount("CreateAccessKey")).isEqualTo(creates + 1);
    assertThat(currentKey(b)).isNotEqualTo(first);
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "postgres"})
  void rotation_instanceDiedHoldingTheClaim_anotherRotatesAfterTheClaimTimeout(String kind) {
    startTwo(kind);
    String first = currentKey(a);
    Instant due = clock.instant().plus(Duration.ofHours(1));
    // instance a claims the rotation when it is due (its claim lasts 5m), then dies running it
    assertThat(leaseStore.claimDueTasks(due, due.plus(Duration.ofMinutes(5)), 10)).hasSize(1);
    a.lessor().close();

    clock.advance(Duration.ofHours(1)); // runs b's scheduler: the claim still holds
    assertThat(currentKey(b)).isEqualTo(first);
    clock.advance(Duration.ofMinutes(5));

    assertThat(currentKey(b)).isNotEqualTo(first);
  }

  /**
   * Both instances wake when the rotation is due (the clock's advance runs both schedulers): one
   * claims and rotates, the other finds it claimed. That concurrent claimers never both take a task
   * is {@code ScheduledTaskContract#claimDueTasks_concurrentClaimers_eachTaskToExactlyOne}, run on
   * PostgreSQL by {@link PostgresLeaseStoreIT}.
   */
  @ParameterizedTest
  @ValueSource(strings = {"memory", "postgres"})
  void rotation_twoLiveInstancesWake_exactlyOneRotates(String kind) {
    startTwo(kind);
    String first = currentKey(b);
    int creates = iam.callCount("CreateAccessKey");

    clock.advance(Duration.ofHours(1));

    assertThat(iam.callCount("CreateAccessKey")).isEqualTo(creates + 1);
    assertThat(currentKey(a)).isEqualTo(currentKey(b)).isNotEqualTo(first);
    assertThat(iam.user("app").orElseThrow().accessKeys()).hasSize(2); // current and previous
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "postgres"})
  void rootRotation_twoLiveInstancesWake_exactlyOneRotates(String kind) {
    startTwo(kind);
    String rootKey;
    String rootSecret;
    try (IamClient admin = admin()) {
      admin.createUser(r -> r.userName("lessor-root"));
      var key = admin.createAccessKey(r -> r.userName("lessor-root")).accessKey();
      rootKey = key.accessKeyId();
      rootSecret = key.secretAccessKey();
    }
    a.lessor().write("aws/config/root", rootConfig(rootKey, rootSecret, "rotation_period", "2h"));
    int creates = iam.callCount("CreateAccessKey");

    clock.advance(Duration.ofHours(2));

    assertThat(iam.callCount("CreateAccessKey") - creates)
        .as("one root rotation and one of the static role (due at 1h, run as the clock jumps)")
        .isEqualTo(2);
    String stored = b.lessor().read("aws/config/root").string("access_key");
    assertThat(stored).isNotEqualTo(rootKey);
    assertThat(iam.user("lessor-root").orElseThrow().accessKeys())
        .extracting(LocalIam.AccessKeyView::id)
        .containsExactly(stored);
  }

  private static EncryptionKey key() {
    return TestKeys.key(7);
  }

  /** The test PostgreSQL, emptied for the first instance of a test; skips without one. */
  private DataSource postgres() {
    return toClose.isEmpty()
        ? PostgresTestDatabase.emptyDatabase()
        : PostgresTestDatabase.dataSource();
  }
}
