package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.InvalidRequestException;
import dev.lessor.Response;
import dev.lessor.testing.LocalIam;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Static roles at the wire: rotation of an existing user's key against LocalIam. */
class AwsStaticRolesIT {
  private final AwsTestBed bed = new AwsTestBed();

  @AfterEach
  void close() {
    bed.close();
  }

  /** Creates IAM user {@code name} with one access key of its own; returns that key's id. */
  private String userWithKey(String name) {
    bed.admin().createUser(r -> r.userName(name));
    return bed.admin().createAccessKey(r -> r.userName(name)).accessKey().accessKeyId();
  }

  private List<String> keysOf(String user) {
    return bed.iam.user(user).orElseThrow().accessKeys().stream()
        .map(LocalIam.AccessKeyView::id)
        .toList();
  }

  private Response creds(String role) {
    return bed.lessor.read("aws/static-creds/" + role);
  }

  @Test
  void write_newRole_rotatesAtOnceAndStaticCredsWork() {
    String original = userWithKey("app");

    bed.lessor.write("aws/static-roles/app", Map.of("username", "app", "rotation_period", "1h"));

    Response creds = creds("app");
    assertThat(creds.lease()).isEmpty();
    assertThat(creds.string("access_key")).isNotEqualTo(original);
    assertThat(bed.authenticates(creds)).isTrue();
    assertThat(creds.string("expiration"))
        .isEqualTo(bed.clock.instant().plus(Duration.ofHours(1)).toString());
    assertThat(keysOf("app")).containsExactlyInAnyOrder(original, creds.string("access_key"));
    assertThat(bed.lessor.leases().count()).isZero();
  }

  @Test
  void rotation_periodPasses_newKeyAndOldKeyDeletedAfterOverlap() {
    userWithKey("app");
    bed.lessor.write(
        "aws/static-roles/app",
        Map.of("username", "app", "rotation_period", "1h", "rotation_overlap", "10m"));
    Response first = creds("app");

    bed.expire(Duration.ofHours(1));
    Response second = creds("app");

    assertThat(second.string("access_key")).isNotEqualTo(first.string("access_key"));
    assertThat(bed.authenticates(second)).isTrue();
    assertThat(bed.authenticates(first)).isTrue(); // still within the overlap
    assertThat(keysOf("app"))
        .containsExactlyInAnyOrder(first.string("access_key"), second.string("access_key"));

    bed.expire(Duration.ofMinutes(10));

    assertThat(bed.authenticates(first)).isFalse();
    assertThat(keysOf("app")).containsExactly(second.string("access_key"));
    assertThat(bed.iam.callCount("CreateAccessKey")).isEqualTo(3); // the user's own + 2 rotations
  }

  @Test
  void rotation_userHasTwoKeys_deletesTheOlderFirst() {
    String older = userWithKey("app");
    bed.clock.advance(Duration.ofMinutes(1));
    String newer = bed.admin().createAccessKey(r -> r.userName("app")).accessKey().accessKeyId();

    bed.lessor.write("aws/static-roles/app", Map.of("username", "app", "rotation_period", "1h"));

    String current = creds("app").string("access_key");
    assertThat(keysOf("app")).containsExactlyInAnyOrder(newer, current).doesNotContain(older);
  }

  /**
   * Bug 1 of the established server: a rotation that died between CreateAccessKey and storing the
   * key, run again, must not leave the user with a key nobody holds.
   */
  @Test
  void rotation_failsAfterCreatingTheKey_retryDeletesItAndUserKeepsOnlyHeldKeys() {
    String original = userWithKey("app");
    bed.iam.faults().deny("GetCallerIdentity", 1000); // the new key never proves to work
    bed.lessor.write("aws/config/root", withRoot(Map.of("wait_ready_timeout", "1s")));

    bed.lessor.write("aws/static-roles/app", Map.of("username", "app", "rotation_period", "1h"));

    // the rotation created a key, then failed before switching to it: the old key stays in use
    assertThat(keysOf("app")).hasSize(2).contains(original);
    assertThatThrownBy(() -> creds("app")).hasMessageContaining("has no key yet");

    bed.iam.faults().clear();
    bed.expire(Duration.ofMinutes(5)); // the retry, after its backoff

    String current = creds("app").string("access_key");
    assertThat(keysOf("app")).containsExactlyInAnyOrder(original, current);
    assertThat(bed.authenticates(creds("app"))).isTrue();
  }

  /** Bug 2: a changed rotation_period counts from the last rotation, at once. */
  @Test
  void write_shorterRotationPeriod_rotatesAtTheNewTimeNotAtTheEndOfTheOldPeriod() {
    userWithKey("app");
    bed.lessor.write("aws/static-roles/app", Map.of("username", "app", "rotation_period", "24h"));
    String first = creds("app").string("access_key");
    bed.expire(Duration.ofHours(1));

    bed.lessor.write("aws/static-roles/app", Map.of("username", "app", "rotation_period", "2h"));
    assertThat(creds("app").string("access_key")).isEqualTo(first);
    bed.expire(Duration.ofMinutes(59));
    assertThat(creds("app").string("access_key")).isEqualTo(first);
    bed.expire(Duration.ofMinutes(1));

    assertThat(creds("app").string("access_key")).isNotEqualTo(first);
  }

  @Test
  void write_periodShorterThanTimeSinceLastRotation_rotatesAtOnce() {
    userWithKey("app");
    bed.lessor.write("aws/static-roles/app", Map.of("username", "app", "rotation_period", "24h"));
    String first = creds("app").string("access_key");
    bed.expire(Duration.ofHours(3));

    bed.lessor.write("aws/static-roles/app", Map.of("username", "app", "rotation_period", "1h"));

    assertThat(creds("app").string("access_key")).isNotEqualTo(first);
  }

  @Test
  void rotation_earlyOrRepeatedRuns_createNoExtraKey() {
    userWithKey("app");
    bed.lessor.write("aws/static-roles/app", Map.of("username", "app", "rotation_period", "1h"));
    int creates = bed.iam.callCount("CreateAccessKey");

    // writing the same role again (and again) before the period ends must not rotate
    bed.lessor.write("aws/static-roles/app", Map.of("username", "app", "rotation_period", "1h"));
    bed.lessor.write("aws/static-roles/app", Map.of("username", "app", "rotation_period", "1h"));
    bed.expire(Duration.ofMinutes(30));

    assertThat(bed.iam.callCount("CreateAccessKey")).isEqualTo(creates);
    // the user's own key ended with the overlap; no key but the current one
    assertThat(keysOf("app")).containsExactly(creds("app").string("access_key"));
  }

  @Test
  void rotation_throttledAndFailingIam_retriesWithBackoffKeepingTheOldKey() {
    userWithKey("app");
    bed.lessor.write("aws/config/root", withRoot(Map.of("max_retries", 0)));
    bed.lessor.write("aws/static-roles/app", Map.of("username", "app", "rotation_period", "1h"));
    Response first = creds("app");
    bed.iam.faults().throttle("CreateAccessKey", 1).fail("CreateAccessKey", 1, 500);
    List<dev.lessor.TaskEvent> failing = new java.util.ArrayList<>();
    bed.lessor.addTaskListener(failing::add);

    bed.expire(Duration.ofHours(1)); // throttled
    assertThat(creds("app").string("access_key")).isEqualTo(first.string("access_key"));
    assertThat(bed.authenticates(first)).isTrue();
    bed.expire(Duration.ofMinutes(1)); // 500
    assertThat(creds("app").string("access_key")).isEqualTo(first.string("access_key"));
    bed.expire(Duration.ofMinutes(2)); // works

    assertThat(creds("app").string("access_key")).isNotEqualTo(first.string("access_key"));
    assertThat(failing).isEmpty(); // two failures are not "keeps failing"
  }

  @Test
  void rotation_keepsFailing_errorEventEachTimeAndNeverGivesUp() {
    userWithKey("app");
    bed.lessor.write("aws/config/root", withRoot(Map.of("max_retries", 0)));
    bed.lessor.write("aws/static-roles/app", Map.of("username", "app", "rotation_period", "1h"));
    String first = creds("app").string("access_key");
    List<dev.lessor.TaskEvent> failing = new java.util.ArrayList<>();
    bed.lessor.addTaskListener(failing::add);
    bed.iam.faults().deny("CreateAccessKey", 7);

    bed.expire(Duration.ofHours(1));
    for (int i = 0; i < 8; i++) {
      bed.expire(Duration.ofHours(1)); // past any backoff of the default policy
    }

    assertThat(failing).hasSize(2); // failures 6 and 7 of a policy of 6 attempts
    assertThat(failing.get(0).taskId()).isEqualTo("aws/static-roles/app");
    assertThat(failing.get(0).error()).contains("CreateAccessKey", "AccessDenied");
    assertThat(creds("app").string("access_key")).isNotEqualTo(first);
  }

  @Test
  void delete_role_stopsRotationAndLeavesUserAndKeyAlone() {
    userWithKey("app");
    bed.lessor.write("aws/static-roles/app", Map.of("username", "app", "rotation_period", "1h"));
    Response last = creds("app");
    int creates = bed.iam.callCount("CreateAccessKey");

    bed.lessor.delete("aws/static-roles/app");
    bed.expire(Duration.ofHours(3));

    assertThat(bed.iam.callCount("CreateAccessKey")).isEqualTo(creates);
    assertThat(bed.iam.user("app")).isPresent();
    assertThat(bed.authenticates(last)).isTrue();
    assertThat(bed.lessor.list("aws/static-roles/").data().get("keys")).isEqualTo(List.of());
    assertThatThrownBy(() -> creds("app")).hasMessageContaining("no static role 'app'");
  }

  @Test
  void write_badInput_refusedNamingTheFieldAndStoresNothing() {
    userWithKey("app");
    assertRefused(Map.of("username", "nobody", "rotation_period", "1h"), "username");
    assertRefused(Map.of("rotation_period", "1h"), "username");
    assertRefused(Map.of("username", "app", "rotation_period", "59s"), "rotation_period");
    assertRefused(Map.of("username", "app"), "rotation_period");
    assertRefused(
        Map.of("username", "app", "rotation_period", "1h", "rotation_overlap", "1h"),
        "rotation_overlap");
    assertRefused(
        Map.of("username", "app", "rotation_period", "1h", "external_id", "abc"), "external_id");
    assertRefused(
        Map.of("username", "app", "rotation_period", "1h", "assume_role_arn", "nope"),
        "assume_role_arn");
    assertRefused(Map.of("username", "app", "rotation_period", "1h", "ttl", "1h"), "ttl");

    assertThat(bed.lessor.list("aws/static-roles/").data().get("keys")).isEqualTo(List.of());
    assertThat(bed.iam.callCount("CreateAccessKey")).isEqualTo(1);
  }

  @Test
  void write_assumeRoleArn_managesTheUserThroughTheRole() {
    String original = userWithKey("app");
    String arn =
        bed.admin()
            .createRole(
                r ->
                    r.roleName("key-admin")
                        .assumeRolePolicyDocument(
                            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                + "\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}]}"))
            .role()
            .arn();
    int assumes = bed.iam.callCount("AssumeRole");

    bed.lessor.write(
        "aws/static-roles/app",
        Map.of(
            "username", "app",
            "rotation_period", "1h",
            "assume_role_arn", arn,
            "assume_role_session_name", "rotator",
            "external_id", "ext-1"));

    Response creds = creds("app");
    assertThat(bed.authenticates(creds)).isTrue();
    assertThat(creds.string("access_key")).isNotEqualTo(original);
    assertThat(bed.iam.callCount("AssumeRole")).isGreaterThan(assumes);
    assertThat(bed.lessor.read("aws/static-roles/app").data())
        .containsEntry("assume_role_arn", arn)
        .containsEntry("rotation_period", "1h");
  }

  private void assertRefused(Map<String, ?> data, String field) {
    assertThatThrownBy(() -> bed.lessor.write("aws/static-roles/app", data))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(field);
  }

  private Map<String, Object> withRoot(Map<String, ?> more) {
    Map<String, Object> config = new java.util.HashMap<>(bed.rootConfig());
    config.putAll(more);
    return config;
  }
}
