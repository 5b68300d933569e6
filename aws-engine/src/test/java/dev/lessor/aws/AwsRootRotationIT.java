package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.InvalidRequestException;
import dev.lessor.Response;
import dev.lessor.testing.LocalIam;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.AccessKey;

/** Scheduled rotation of the root credentials, at the wire against LocalIam. */
class AwsRootRotationIT {
  private static final String ROOT_USER = "lessor-root";

  private final AwsTestBed bed = new AwsTestBed();
  private AccessKey original;

  @AfterEach
  void close() {
    bed.close();
  }

  /** config/root as a user of its own with one key, plus {@code more}. */
  private void writeRoot(Map<String, ?> more) {
    if (original == null) {
      bed.admin().createUser(r -> r.userName(ROOT_USER));
      original = bed.admin().createAccessKey(r -> r.userName(ROOT_USER)).accessKey();
    }
    Map<String, Object> config = new HashMap<>(bed.rootConfig());
    config.put("access_key", original.accessKeyId());
    config.put("secret_key", original.secretAccessKey());
    config.putAll(more);
    bed.lessor.write("aws/config/root", config);
  }

  private String storedKey() {
    return bed.lessor.read("aws/config/root").string("access_key");
  }

  private List<String> rootKeys() {
    return bed.iam.user(ROOT_USER).orElseThrow().accessKeys().stream()
        .map(LocalIam.AccessKeyView::id)
        .toList();
  }

  private boolean originalWorks() {
    return bed.authenticates(
        Response.of(
            Map.of(
                "access_key", original.accessKeyId(), "secret_key", original.secretAccessKey())));
  }

  private boolean mintWorks() {
    bed.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY));
    return bed.authenticates(bed.creds("r"));
  }

  @Test
  void rotationPeriod_passes_newKeyStoredAndOldKeyDeleted() {
    writeRoot(Map.of("rotation_period", "1h"));

    bed.expire(Duration.ofMinutes(59));
    assertThat(storedKey()).isEqualTo(original.accessKeyId());
    bed.expire(Duration.ofMinutes(1));

    assertThat(storedKey()).isNotEqualTo(original.accessKeyId());
    assertThat(rootKeys()).containsExactly(storedKey());
    assertThat(originalWorks()).isFalse();
    assertThat(mintWorks()).isTrue();
    assertThat(bed.lessor.read("aws/config/root").data())
        .containsEntry("rotation_period", "1h")
        .containsEntry("disable_automated_rotation", false);
  }

  @Test
  void rotation_newKeyNotYetWorking_waitsForItBeforeStoring() {
    bed.close();
    AwsTestBed slow = new AwsTestBed(b -> b.keyActivationDelay(Duration.ofSeconds(20)), Map.of());
    try {
      slow.admin().createUser(r -> r.userName(ROOT_USER));
      AccessKey key = slow.admin().createAccessKey(r -> r.userName(ROOT_USER)).accessKey();
      slow.clock.advance(Duration.ofSeconds(30)); // the first key works
      Map<String, Object> config = new HashMap<>(slow.rootConfig());
      config.put("access_key", key.accessKeyId());
      config.put("secret_key", key.secretAccessKey());
      config.put("rotation_period", "1h");
      slow.lessor.write("aws/config/root", config);
      int probes = slow.iam.callCount("GetCallerIdentity");

      slow.expire(Duration.ofHours(1));

      assertThat(slow.lessor.read("aws/config/root").string("access_key"))
          .isNotEqualTo(key.accessKeyId());
      assertThat(slow.iam.callCount("GetCallerIdentity") - probes).isGreaterThan(1);
      slow.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY));
      Response minted = slow.creds("r"); // its IAM calls are signed with the new key at once
      slow.clock.advance(Duration.ofSeconds(30)); // the minted key's own activation
      assertThat(slow.authenticates(minted)).isTrue();
    } finally {
      slow.close();
    }
  }

  @Test
  void rotation_iamThrottlesAndFails_retriedWithBackoffWhileOldKeyStaysInUse() {
    writeRoot(Map.of("rotation_period", "1h", "max_retries", 0));
    bed.iam.faults().throttle("CreateAccessKey", 1).fail("CreateAccessKey", 1, 503);

    bed.expire(Duration.ofHours(1)); // throttled
    assertThat(storedKey()).isEqualTo(original.accessKeyId());
    assertThat(originalWorks()).isTrue();
    bed.expire(Duration.ofMinutes(1)); // 503
    assertThat(storedKey()).isEqualTo(original.accessKeyId());
    bed.expire(Duration.ofMinutes(2));

    assertThat(storedKey()).isNotEqualTo(original.accessKeyId());
    assertThat(rootKeys()).containsExactly(storedKey());
  }

  @Test
  void rotation_limitExceededOnCreate_retriedAndOldKeyKept() {
    writeRoot(Map.of("rotation_period", "1h", "max_retries", 0));
    // someone gave the root user a second key: IAM refuses a third with LimitExceeded
    String other =
        bed.admin().createAccessKey(r -> r.userName(ROOT_USER)).accessKey().accessKeyId();

    bed.expire(Duration.ofHours(1));
    assertThat(storedKey()).isEqualTo(original.accessKeyId());
    assertThat(originalWorks()).isTrue();
    bed.admin().deleteAccessKey(r -> r.userName(ROOT_USER).accessKeyId(other));
    bed.expire(Duration.ofMinutes(5));

    assertThat(storedKey()).isNotEqualTo(original.accessKeyId());
    assertThat(rootKeys()).containsExactly(storedKey());
  }

  @Test
  void rotation_failsAfterCreatingAndCannotDeleteTheNewKey_nextRotationDeletesIt() {
    writeRoot(Map.of("rotation_period", "1h", "wait_ready_timeout", "1s"));
    // the new key never proves to work, and deleting it fails too: it is left behind
    bed.iam.faults().deny("GetCallerIdentity", 1000).deny("DeleteAccessKey", 1);

    bed.expire(Duration.ofHours(1));
    assertThat(storedKey()).isEqualTo(original.accessKeyId()); // the config names a live key
    assertThat(rootKeys()).hasSize(2);
    bed.iam.faults().clear();
    assertThat(originalWorks()).isTrue();
    bed.expire(Duration.ofMinutes(5));

    assertThat(storedKey()).isNotEqualTo(original.accessKeyId());
    assertThat(rootKeys()).containsExactly(storedKey());
  }

  @Test
  void rotation_oldKeyCannotBeDeleted_nextRotationDeletesIt() {
    writeRoot(Map.of("rotation_period", "1h"));
    bed.iam.faults().deny("DeleteAccessKey", 1); // the new key is stored; the old one stays

    bed.expire(Duration.ofHours(1));
    String first = storedKey();
    assertThat(first).isNotEqualTo(original.accessKeyId());
    assertThat(rootKeys()).containsExactlyInAnyOrder(first, original.accessKeyId());
    bed.iam.faults().clear();
    bed.expire(Duration.ofHours(1));

    // without the clean-up the user stays at IAM's two keys: CreateAccessKey hits LimitExceeded
    assertThat(storedKey()).isNotEqualTo(first);
    assertThat(rootKeys()).containsExactly(storedKey());
    assertThat(originalWorks()).isFalse();
    assertThat(mintWorks()).isTrue();
  }

  @Test
  void rotationSchedule_cronInUtc_rotatesAtTheScheduledMinute() {
    writeRoot(Map.of("rotation_schedule", "30 * * * *", "rotation_window", "10m"));

    bed.expire(Duration.ofMinutes(29));
    assertThat(storedKey()).isEqualTo(original.accessKeyId());
    bed.expire(Duration.ofMinutes(1));

    assertThat(storedKey()).isNotEqualTo(original.accessKeyId());
    String first = storedKey();
    bed.expire(Duration.ofHours(1));
    assertThat(storedKey()).isNotEqualTo(first);
  }

  @Test
  void rotationSchedule_windowMissed_skipsToTheNextMoment() {
    writeRoot(Map.of("rotation_schedule", "0 * * * *", "rotation_window", "10m"));

    bed.clock.stepWallClock(Duration.ofMinutes(75)); // down over 01:00 and its window
    bed.expire(Duration.ofSeconds(30)); // the next poll finds the task at 01:15
    assertThat(storedKey()).isEqualTo(original.accessKeyId());
    bed.expire(Duration.ofMinutes(45)); // 02:00

    assertThat(storedKey()).isNotEqualTo(original.accessKeyId());
  }

  @Test
  void disableAutomatedRotation_noScheduledRotationButRotateRootStillWorks() {
    writeRoot(Map.of("rotation_period", "1h", "disable_automated_rotation", true));

    bed.expire(Duration.ofHours(3));
    assertThat(storedKey()).isEqualTo(original.accessKeyId());
    bed.lessor.write("aws/config/rotate-root", Map.of());

    assertThat(storedKey()).isNotEqualTo(original.accessKeyId());
    assertThat(rootKeys()).containsExactly(storedKey());
  }

  @Test
  void writeRoot_withoutRotationFields_stopsScheduledRotation() {
    writeRoot(Map.of("rotation_period", "1h"));
    writeRoot(Map.of());

    bed.expire(Duration.ofHours(2));

    assertThat(storedKey()).isEqualTo(original.accessKeyId());
  }

  @Test
  void writeRoot_badRotationFields_refusedNamingTheFieldAndChangeNothing() {
    writeRoot(Map.of());
    assertRefused(
        Map.of("rotation_period", "1h", "rotation_schedule", "0 * * * *"), "rotation_period");
    assertRefused(Map.of("rotation_period", "30s"), "rotation_period");
    assertRefused(Map.of("rotation_schedule", "0 24 * * *"), "field 2 (hour) '24'");
    assertRefused(Map.of("rotation_schedule", "0 * * *"), "rotation_schedule");
    assertRefused(Map.of("rotation_window", "1h"), "rotation_window");
    assertRefused(
        Map.of("rotation_schedule", "0 * * * *", "rotation_window", "10s"), "rotation_window");

    bed.expire(Duration.ofHours(2));
    assertThat(storedKey()).isEqualTo(original.accessKeyId());
    assertThat(bed.lessor.read("aws/config/root").data().get("rotation_period")).isNull();
  }

  private void assertRefused(Map<String, ?> fields, String message) {
    assertThatThrownBy(() -> writeRoot(fields))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(message);
  }
}
