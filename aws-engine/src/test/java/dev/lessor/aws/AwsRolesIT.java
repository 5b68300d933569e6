package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.Response;
import dev.lessor.testing.LocalIam;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Role parameters for IAM users, config/lease, config/root READ and roles LIST. */
class AwsRolesIT {
  private final AwsTestBed bed = new AwsTestBed();

  @AfterEach
  void close() {
    bed.close();
  }

  private String createPolicy(String name) {
    return bed.admin()
        .createPolicy(r -> r.policyName(name).policyDocument(AwsTestBed.EC2_POLICY))
        .policy()
        .arn();
  }

  @Test
  void readCreds_roleWithEveryIamUserParameter_userHasThemAll() {
    String managed = createPolicy("managed");
    String boundary = createPolicy("boundary");
    bed.admin().createGroup(r -> r.groupName("devs"));
    bed.admin().createGroup(r -> r.groupName("ops"));
    bed.lessor.write(
        "aws/roles/full",
        Map.of(
            "credential_type", "iam_user",
            "policy_document", AwsTestBed.EC2_POLICY,
            "policy_arns", List.of(managed),
            "iam_groups", "devs,ops",
            "iam_tags", Map.of("team", "core", "env", "dev"),
            "user_path", "/apps/",
            "permissions_boundary_arn", boundary,
            "ttl", "2h",
            "max_ttl", "4h"));

    Response r = bed.creds("full");

    LocalIam.User user = bed.iam.users().get(0);
    assertThat(user.path()).isEqualTo("/apps/");
    assertThat(user.inlinePolicies()).containsOnlyKeys("full");
    assertThat(user.attachedPolicyArns()).containsExactly(managed);
    assertThat(user.groups()).containsExactlyInAnyOrder("devs", "ops");
    assertThat(user.tags()).containsEntry("team", "core").containsEntry("env", "dev");
    assertThat(user.permissionsBoundary()).contains(boundary);
    assertThat(r.lease().orElseThrow().ttl()).isEqualTo(Duration.ofHours(2));
    assertThat(r.lease().orElseThrow().maxExpireTime())
        .isEqualTo(r.lease().orElseThrow().issueTime().plus(Duration.ofHours(4)));

    bed.lessor.leases().revoke(r.lease().orElseThrow().id());
    assertThat(bed.iam.users()).isEmpty();
    assertThat(bed.admin().getGroup(g -> g.groupName("devs")).users()).isEmpty();
  }

  @Test
  void readRole_afterWrite_returnsCompactedPolicyAndParameters() {
    bed.lessor.write(
        "aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY, "iam_tags", "a=1", "ttl", 5400));

    Map<String, Object> data = bed.lessor.read("aws/roles/r").data();

    assertThat(data)
        .containsEntry("credential_type", "iam_user")
        .containsEntry(
            "policy_document",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:*\","
                + "\"Resource\":\"*\"}]}")
        .containsEntry("iam_tags", Map.of("a", "1"))
        .containsEntry("ttl", "1h30m")
        .containsEntry("max_ttl", "0s")
        .containsEntry("wait_ready", false);
  }

  @Test
  void listRoles_threeRoles_listsTheirNamesSorted() {
    for (String name : List.of("b", "a", "c")) {
      bed.lessor.write("aws/roles/" + name, Map.of("policy", AwsTestBed.EC2_POLICY));
    }
    bed.lessor.delete("aws/roles/c");

    assertThat(bed.lessor.list("aws/roles/").data()).containsEntry("keys", List.of("a", "b"));
  }

  @Test
  void writeRole_again_replacesIt() {
    bed.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY, "ttl", "1h"));
    bed.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY, "ttl", "2h"));

    assertThat(bed.creds("r").lease().orElseThrow().ttl()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void configLease_writeThenRead_appliesToIamUsersWithoutRoleTtl() {
    bed.lessor.write("aws/config/lease", Map.of("lease", "30m", "lease_max", "1h30m"));
    bed.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY));

    assertThat(bed.lessor.read("aws/config/lease").data())
        .isEqualTo(Map.of("lease", "30m", "lease_max", "1h30m"));
    assertThat(bed.creds("r").lease().orElseThrow().ttl()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void readCreds_requestTtl_shortensLeaseWithinMax() {
    bed.lessor.write(
        "aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY, "ttl", "2h", "max_ttl", "3h"));

    Response shorter = bed.lessor.read("aws/creds/r", Map.of("ttl", "10m"));
    Response longer = bed.lessor.write("aws/creds/r", Map.of("ttl", "9h"));

    assertThat(shorter.lease().orElseThrow().ttl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(longer.lease().orElseThrow().ttl()).isEqualTo(Duration.ofHours(3));
  }

  @Test
  void readCreds_displayNameInTemplate_isInUserName() {
    Map<String, Object> root = bed.rootConfig();
    root.put("username_template", "app-{{display_name}}-{{role}}-{{random 10}}");
    bed.lessor.write("aws/config/root", root);
    bed.lessor.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY));

    bed.lessor.read("aws/creds/r", Map.of("display_name", "billing svc"));

    assertThat(bed.iam.users().get(0).name()).matches("app-billing_svc-r-[A-Za-z0-9]{10}");
  }

  @Test
  void readConfigRoot_afterWrite_returnsEverythingButSecretKey() {
    Map<String, Object> data = bed.lessor.read("aws/config/root").data();

    assertThat(data)
        .containsEntry("access_key", bed.iam.adminAccessKeyId())
        .containsEntry("region", "us-east-1")
        .containsEntry("iam_endpoint", bed.iam.endpoint().toString())
        .containsEntry("sts_endpoint", bed.iam.endpoint().toString())
        .containsEntry("max_retries", -1)
        .containsEntry("username_template", UsernameTemplate.DEFAULT)
        .doesNotContainKey("secret_key");
    assertThat(data.values()).doesNotContain(bed.iam.adminSecretAccessKey());
  }
}
