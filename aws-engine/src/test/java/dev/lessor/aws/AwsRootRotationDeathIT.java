package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.Lessor;
import dev.lessor.Response;
import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.store.InMemoryStorage;
import dev.lessor.testing.LocalIam;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * The root rotation when the instance running it dies (see {@link ProcessDeath}) at each point
 * where that leaves state behind, at the wire against LocalIam (new keys sign only after {@link
 * #ACTIVATION}): a second instance on the same store and the same LocalIam takes the rotation over,
 * after which the root user holds exactly the stored key, that key works at STS, the next rotation
 * succeeds, and no secret was logged.
 */
class AwsRootRotationDeathIT {
  private static final String ROOT_USER = "lessor-root";
  private static final Duration ACTIVATION = Duration.ofSeconds(5);
  private static final String ROOT = "aws/" + MountState.ROOT_KEY;
  private static final String STATE = "aws/" + RootRotationStore.STATE_KEY;

  /** Where the first instance dies, and how many keys the root user has then. */
  enum Point {
    /** The root user's keys are recorded; CreateAccessKey not yet called. */
    KEYS_RECORDED("after-put:" + STATE, 1, 1),
    /** CreateAccessKey succeeded; STS still refuses the new key, the engine waits. */
    IN_READINESS_WAIT("sleep", 1, 2),
    /** The new key works; it is about to be stored (the end of the span since the create). */
    CREATED_NOT_STORED("before-put:" + ROOT, 1, 2),
    /** The new key is stored; the old key is not deleted yet. */
    STORED_OLD_KEY_NOT_DELETED("after-put:" + ROOT, 1, 2),
    /** The old key is deleted; the rotation is about to be recorded as done (its last write). */
    OLD_KEY_DELETED_NOT_RECORDED("before-put:" + STATE, 2, 1);

    final String event;
    final int occurrence;
    final int keysAtDeath;

    Point(String event, int occurrence, int keysAtDeath) {
      this.event = event;
      this.occurrence = occurrence;
      this.keysAtDeath = keysAtDeath;
    }
  }

  private final ManualClock clock = new ManualClock();
  private final LocalIam iam =
      LocalIam.builder().clock(clock).keyActivationDelay(ACTIVATION).start();
  private final InMemoryStorage storage = new InMemoryStorage();
  private final InMemoryLeaseStore leaseStore = new InMemoryLeaseStore();
  private final List<Lessor> alive = new ArrayList<>();
  private final Set<String> secrets = new LinkedHashSet<>();
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private final PrintStream originalErr = System.err;

  @AfterEach
  void close() {
    System.setErr(originalErr);
    originalErr.print(logs.toString(StandardCharsets.UTF_8));
    alive.forEach(Lessor::close); // a dead instance is abandoned, never closed
    iam.close();
  }

  /**
   * An instance on the shared stores, dying as {@code death} says (null: it lives), with a Lessor
   * of its own and its own scheduler; its engine's sleeps move the clock.
   */
  private Lessor instance(ProcessDeath death) {
    ManualScheduler scheduler = new ManualScheduler(clock);
    IamRateGate.Sleeper sleeper = clock::advance;
    Lessor lessor =
        Lessor.builder()
            .clock(clock)
            .scheduler(death == null ? scheduler : death.scheduler(scheduler))
            .revocationExecutor(Runnable::run)
            .leaseStore(leaseStore)
            .storage(death == null ? storage : death.storage(storage))
            .build();
    lessor.mount("aws/", new AwsSecretsEngine(death == null ? sleeper : death.sleeper(sleeper)));
    if (death == null) {
      alive.add(lessor);
    }
    return lessor;
  }

  /** A death at {@code point} once armed, noting LocalIam's call counts then. */
  private ProcessDeath deathAt(Point point, Map<String, Integer> callsAtDeath) {
    return deathAt(point.event, point.occurrence, callsAtDeath);
  }

  private ProcessDeath deathAt(String event, int occurrence, Map<String, Integer> callsAtDeath) {
    return new ProcessDeath(event, occurrence, () -> callsAtDeath.putAll(iam.callCounts()));
  }

  /** Creates the root user with one working key and configures it through {@code lessor}. */
  private AccessKey configureRoot(Lessor lessor, String... more) {
    AccessKey key = rootKey();
    lessor.write("aws/config/root", rootConfig(key, more));
    return key;
  }

  /** Creates the root user with one key, which works once this returns; captures logs then. */
  private AccessKey rootKey() {
    try (var admin = AwsTestBed.adminClient(iam)) {
      admin.createUser(r -> r.userName(ROOT_USER));
      AccessKey key = admin.createAccessKey(r -> r.userName(ROOT_USER)).accessKey();
      clock.advance(ACTIVATION);
      secrets.add(key.secretAccessKey());
      // from here on: the set-up's own IAM client may log the key's secret on its wire at TRACE
      System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
      return key;
    }
  }

  /** config/root with {@code key} against LocalIam, plus the field-value pairs {@code more}. */
  private Map<String, Object> rootConfig(AccessKey key, String... more) {
    Map<String, Object> config = new HashMap<>();
    config.put("access_key", key.accessKeyId());
    config.put("secret_key", key.secretAccessKey());
    config.put("region", iam.region());
    config.put("iam_endpoint", iam.endpoint().toString());
    config.put("sts_endpoint", iam.endpoint().toString());
    for (int i = 0; i < more.length; i += 2) {
      config.put(more[i], more[i + 1]);
    }
    return config;
  }

  /** The root config as the shared store holds it; its secret is noted to look for in logs. */
  private RootConfig stored() {
    RootConfig config = RootConfig.decode(storage.get(ROOT).orElseThrow());
    secrets.add(config.secretKey().reveal());
    return config;
  }

  private List<String> rootKeys() {
    return iam.user(ROOT_USER).orElseThrow().accessKeys().stream()
        .map(LocalIam.AccessKeyView::id)
        .toList();
  }

  private boolean works(String accessKey, String secretKey) {
    String arn =
        AwsTestBed.callerArn(
            iam, Response.of(Map.of("access_key", accessKey, "secret_key", secretKey)));
    return arn != null && arn.endsWith(":user/" + ROOT_USER);
  }

  /** What a user checks: the root user holds exactly the stored key, which works at STS. */
  private String assertOneWorkingRootKey(AccessKey original) {
    RootConfig config = stored();
    assertThat(rootKeys()).containsExactly(config.accessKey());
    assertThat(works(config.accessKey(), config.secretKey().reveal())).isTrue();
    assertThat(works(original.accessKeyId(), original.secretAccessKey())).isFalse();
    return config.accessKey();
  }

  private void assertNoSecretLogged() {
    String log = logs.toString(StandardCharsets.UTF_8);
    assertThat(secrets).isNotEmpty().doesNotContainNull();
    for (String secret : secrets) {
      assertThat(log).doesNotContain(secret);
    }
  }

  @ParameterizedTest
  @EnumSource(Point.class)
  void scheduledRotation_instanceDiesAtPoint_nextInstanceLeavesOneWorkingKey(Point point) {
    Map<String, Integer> callsAtDeath = new HashMap<>();
    ProcessDeath death = deathAt(point, callsAtDeath);
    Lessor first = instance(death);
    AccessKey original = configureRoot(first, "rotation_period", "1h");
    death.arm();

    clock.advance(Duration.ofHours(1)); // the first instance claims the rotation and dies in it

    assertThat(death.dead()).as("died at " + point.event).isTrue();
    assertThat(iam.callCounts()).as("no IAM call after the death").isEqualTo(callsAtDeath);
    assertThat(rootKeys()).hasSize(point.keysAtDeath);
    stored(); // the stored key then (the old one, or the new one once stored)
    instance(null);
    clock.advance(Duration.ofMinutes(6)); // the dead instance's claim (5m) lapses: taken over

    String afterTakeover = assertOneWorkingRootKey(original);
    clock.advance(Duration.ofHours(1)); // the next scheduled rotation

    assertThat(assertOneWorkingRootKey(original)).isNotEqualTo(afterTakeover);
    assertNoSecretLogged();
  }

  /**
   * Without automated rotation nothing runs by itself after the death: the leftover key waits for
   * the next {@code config/rotate-root}, which deletes it whichever instance runs it.
   */
  @Test
  void rotateRoot_instanceDiesAfterStoringTheNewKey_nextRotateRootDeletesTheOldKey() {
    Map<String, Integer> callsAtDeath = new HashMap<>();
    ProcessDeath death = deathAt(Point.STORED_OLD_KEY_NOT_DELETED, callsAtDeath);
    Lessor first = instance(death);
    AccessKey original = configureRoot(first);
    death.arm();

    assertThatThrownBy(() -> first.write("aws/config/rotate-root", Map.of()))
        .isInstanceOf(ProcessDeath.Died.class);
    assertThat(rootKeys()).hasSize(2);
    String storedAtDeath = stored().accessKey();
    Lessor second = instance(null);
    clock.advance(Duration.ofHours(1));
    assertThat(rootKeys()).as("nothing rotates by itself").hasSize(2);

    String rotated = second.write("aws/config/rotate-root", Map.of()).string("access_key");

    assertThat(assertOneWorkingRootKey(original)).isEqualTo(rotated).isNotEqualTo(storedAtDeath);
    assertThat(second.write("aws/config/rotate-root", Map.of()).string("access_key"))
        .isNotEqualTo(rotated);
    assertOneWorkingRootKey(original);
    assertNoSecretLogged();
  }

  /**
   * A {@code config/root} write that dies once the rotation settings are stored: the rotation they
   * automate still runs, on the next instance.
   */
  @Test
  void writeRoot_instanceDiesAfterStoringRotationSettings_nextInstanceRotates() {
    Map<String, Integer> callsAtDeath = new HashMap<>();
    ProcessDeath death = deathAt("after-put:" + STATE, 1, callsAtDeath);
    Lessor first = instance(death);
    AccessKey original = rootKey();
    death.arm();

    assertThatThrownBy(
            () -> first.write("aws/config/root", rootConfig(original, "rotation_period", "1h")))
        .isInstanceOf(ProcessDeath.Died.class);
    Lessor second = instance(null);
    assertThat(second.read("aws/config/root").data()).containsEntry("rotation_period", "1h");
    clock.advance(Duration.ofHours(1));

    assertThat(assertOneWorkingRootKey(original)).isNotEqualTo(original.accessKeyId());
    assertNoSecretLogged();
  }
}
