package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.InvalidRequestException;
import dev.lessor.Response;
import dev.lessor.UpstreamException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;

/** tidy, config/rotate-root, wait_ready and the IAM rate limit. */
class AwsOperationsIT {

  @Test
  void tidy_orphansOlderThanGrace_areReportedThenDeleted() {
    try (AwsTestBed bed = new AwsTestBed()) {
      bed.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY));
      Response live = bed.creds("r");
      Response forgotten = bed.creds("r");
      String forgottenUser = userOf(bed, forgotten);
      bed.lessor.leases().revokeForce(forgotten.lease().orElseThrow().id());
      bed.admin().createUser(u -> u.userName("stray").path("/lessor/aws/"));
      bed.admin().createUser(u -> u.userName("someone-else"));
      bed.clock.advance(Duration.ofMinutes(16));
      bed.admin().createUser(u -> u.userName("young").path("/lessor/aws/"));

      Response dry = bed.lessor.write("aws/tidy", Map.of("dry_run", true));

      assertThat(dry.data())
          .containsEntry("user_path", "/lessor/aws/")
          .containsEntry("scanned", 4)
          .containsEntry("skipped", 1) // stray: not tagged with this store, so not ours to delete
          .containsEntry("deleted", List.of())
          .containsEntry("dry_run", true);
      assertThat(strings(dry.data().get("orphans"))).containsExactly(forgottenUser);
      assertThat(bed.iam.users()).hasSize(5);

      Response done = bed.lessor.write("aws/tidy", Map.of());

      assertThat(strings(done.data().get("deleted"))).containsExactly(forgottenUser);
      assertThat(bed.iam.users())
          .extracting(u -> u.name())
          .containsExactlyInAnyOrder(userOf(bed, live), "someone-else", "young", "stray");
      assertThat(bed.authenticates(live)).isTrue();
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object value) {
    return (List<String>) value;
  }

  private static String userOf(AwsTestBed bed, Response r) {
    return bed.iam.users().stream()
        .filter(u -> u.accessKeys().stream().anyMatch(k -> k.id().equals(r.string("access_key"))))
        .findFirst()
        .orElseThrow()
        .name();
  }

  @Test
  void tidy_graceParameter_decidesWhatIsOldEnough() {
    try (AwsTestBed bed = new AwsTestBed()) {
      bed.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY));
      Response forgotten = bed.creds("r");
      String forgottenUser = userOf(bed, forgotten);
      bed.lessor.leases().revokeForce(forgotten.lease().orElseThrow().id());
      bed.clock.advance(Duration.ofMinutes(2));

      assertThat(bed.lessor.write("aws/tidy", Map.of()).data().get("orphans")).isEqualTo(List.of());
      assertThat(bed.lessor.write("aws/tidy", Map.of("grace", "1m")).data().get("deleted"))
          .isEqualTo(List.of(forgottenUser));
    }
  }

  @Test
  void tidy_outsideMountPath_touchesOnlyUsersTaggedWithThisMount() {
    try (AwsTestBed bed = new AwsTestBed()) {
      bed.lessor.write(
          "aws/roles/apps", Map.of("policy", AwsTestBed.EC2_POLICY, "user_path", "/apps/"));
      Response forgotten = bed.creds("apps");
      String forgottenUser = userOf(bed, forgotten);
      bed.lessor.leases().revokeForce(forgotten.lease().orElseThrow().id());
      bed.admin().createUser(u -> u.userName("someone-else").path("/apps/"));
      bed.clock.advance(Duration.ofMinutes(16));

      Response done = bed.lessor.write("aws/tidy", Map.of("user_path", "/"));

      assertThat(done.data()).containsEntry("scanned", 2);
      assertThat(strings(done.data().get("deleted"))).containsExactly(forgottenUser);
      assertThat(bed.iam.users()).extracting(u -> u.name()).containsExactly("someone-else");
    }
  }

  @Test
  void rotateRoot_staticKey_replacesKeyAndDeletesOldOne() {
    try (AwsTestBed bed = new AwsTestBed()) {
      bed.admin().createUser(u -> u.userName("lessor-root"));
      AccessKey original = bed.admin().createAccessKey(k -> k.userName("lessor-root")).accessKey();
      Map<String, Object> root = new HashMap<>(bed.rootConfig());
      root.put("access_key", original.accessKeyId());
      root.put("secret_key", original.secretAccessKey());
      bed.lessor.write("aws/config/root", root);

      Response rotated = bed.lessor.write("aws/config/rotate-root", Map.of());

      String newKey = rotated.string("access_key");
      assertThat(newKey).isNotEqualTo(original.accessKeyId());
      assertThat(rotated.warnings()).isEmpty();
      assertThat(bed.admin().listAccessKeys(k -> k.userName("lessor-root")).accessKeyMetadata())
          .extracting(AccessKeyMetadata::accessKeyId)
          .containsExactly(newKey);
      assertThat(bed.lessor.read("aws/config/root").data()).containsEntry("access_key", newKey);
      bed.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY));
      assertThat(bed.authenticates(bed.creds("r"))).isTrue();
    }
  }

  @Test
  void rotateRoot_defaultCredentialsChain_isRejected() {
    try (AwsTestBed bed = new AwsTestBed()) {
      Map<String, Object> root = new HashMap<>(bed.rootConfig());
      root.remove("access_key");
      root.remove("secret_key");
      bed.lessor.write("aws/config/root", root);

      assertThatThrownBy(() -> bed.lessor.write("aws/config/rotate-root", Map.of()))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("access_key: rotate-root needs a static access_key in config/root");
    }
  }

  @Test
  void waitReady_keyActivatesLate_credentialReturnedOnlyOnceItWorks() {
    try (AwsTestBed bed =
        new AwsTestBed(b -> b.keyActivationDelay(Duration.ofSeconds(10)), Map.of())) {
      bed.lessor.write("aws/roles/plain", Map.of("policy", AwsTestBed.EC2_POLICY));
      bed.lessor.write(
          "aws/roles/ready", Map.of("policy", AwsTestBed.EC2_POLICY, "wait_ready", true));

      Response plain = bed.creds("plain");
      assertThat(bed.authenticates(plain)).isFalse();

      Response ready = bed.creds("ready");

      assertThat(bed.authenticates(ready)).isTrue();
      assertThat(bed.iam.callCount("GetCallerIdentity")).isGreaterThan(3);
    }
  }

  @Test
  void waitReady_keyNeverActiveInTime_failsAndRollsBack() {
    try (AwsTestBed bed =
        new AwsTestBed(
            b -> b.keyActivationDelay(Duration.ofMinutes(5)),
            Map.of("wait_ready_timeout", "10s"))) {
      bed.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY));

      assertThatThrownBy(() -> bed.lessor.read("aws/creds/r", Map.of("wait_ready", true)))
          .isInstanceOfSatisfying(
              UpstreamException.class,
              e -> {
                assertThat(e.errorCode()).isEqualTo("InvalidClientTokenId");
                assertThat(e.retryable()).isTrue();
              })
          .hasMessageContaining("STS still refused the new key after PT10S");

      assertThat(bed.iam.users()).isEmpty();
      assertThat(bed.lessor.leases().list("aws/")).isEmpty();
    }
  }

  @Test
  void iamRateLimit_configured_mintsAndRevokesThroughTheGate() {
    try (AwsTestBed bed = new AwsTestBed(b -> b, Map.of("iam_rate_limit", "50"))) {
      bed.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY));
      assertThat(bed.lessor.read("aws/config/root").data()).containsEntry("iam_rate_limit", 50.0);

      for (int i = 0; i < 5; i++) {
        bed.creds("r");
      }
      bed.lessor.leases().revokePrefix("aws/creds/r/");

      assertThat(bed.iam.users()).isEmpty();
    }
  }
}
