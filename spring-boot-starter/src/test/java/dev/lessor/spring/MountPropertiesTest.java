package dev.lessor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.Lessor;
import dev.lessor.testing.LocalIam;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code lessor.mounts.<name>.*}: engines mounted, config/root and roles written at startup. */
class MountPropertiesTest {
  static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
  private static LocalIam iam;

  @BeforeAll
  static void startIam() {
    iam = LocalIam.start();
  }

  @AfterAll
  static void stopIam() {
    iam.close();
  }

  private static String[] awsMount(String... more) {
    String endpoint = iam.endpoint().toString();
    String[] base = {
      "lessor.mounts.aws.type=aws",
      "lessor.mounts.aws.config.access_key=" + iam.adminAccessKeyId(),
      "lessor.mounts.aws.config.secret_key=" + iam.adminSecretAccessKey(),
      "lessor.mounts.aws.config.region=" + iam.region(),
      "lessor.mounts.aws.config.iam-endpoint=" + endpoint,
      "lessor.mounts.aws.config.sts-endpoint=" + endpoint,
      "lessor.mounts.aws.roles.app.credential-type=iam_user",
      "lessor.mounts.aws.roles.app.policy_document=" + POLICY,
      "lessor.mounts.aws.roles.app.ttl=10m"
    };
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void mounts_set_engineMountedWithItsConfigAndRoles() {
    Runners.lessor()
        .withPropertyValues(awsMount())
        .run(
            context -> {
              Lessor lessor = context.getBean(Lessor.class);
              assertThat(lessor.mounts()).contains("aws/");
              Map<String, Object> root = lessor.read("aws/config/root").data();
              assertThat(root)
                  .containsEntry("access_key", iam.adminAccessKeyId())
                  .containsEntry("iam_endpoint", iam.endpoint().toString())
                  .doesNotContainKey("secret_key");
              assertThat(lessor.read("aws/roles/app").data())
                  .containsEntry("credential_type", "iam_user");
              String user = lessor.read("aws/creds/app").string("access_key");
              assertThat(user).isNotBlank();
            });
  }

  @Test
  void mounts_pathSet_mountedThere() {
    Runners.lessor()
        .withPropertyValues("lessor.mounts.prod.type=aws", "lessor.mounts.prod.path=aws-prod/")
        .run(context -> assertThat(context.getBean(Lessor.class).mounts()).contains("aws-prod/"));
  }

  @Test
  void mounts_noConfig_rootLeftToTheSdkDefaultChain() {
    Runners.lessor()
        .withPropertyValues("lessor.mounts.aws.type=aws")
        .run(
            context ->
                assertThat(context.getBean(Lessor.class).read("aws/config/root").data())
                    .containsEntry("access_key", null));
  }

  @Test
  void mounts_unset_onlyTheBuiltInMount() {
    Runners.lessor()
        .run(context -> assertThat(context.getBean(Lessor.class).mounts()).containsExactly("sys/"));
  }

  @Test
  void mounts_typeMissing_fails() {
    Runners.lessor()
        .withPropertyValues("lessor.mounts.aws.path=aws/")
        .run(
            context ->
                StartupFailure.of(context).hasMessage("lessor.mounts.aws.type: is required: aws"));
  }

  @Test
  void mounts_unknownType_fails() {
    Runners.lessor()
        .withPropertyValues("lessor.mounts.db.type=postgres")
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessage("lessor.mounts.db.type: must be aws, was 'postgres'"));
  }

  @Test
  void mounts_badPath_failsWithTheLessorsMessage() {
    Runners.lessor()
        .withPropertyValues("lessor.mounts.aws.type=aws", "lessor.mounts.aws.path=aws")
        .run(
            context ->
                StartupFailure.of(context).hasMessageStartingWith("lessor.mounts.aws.path: "));
  }

  @Test
  void mounts_roleWithBadTtl_failsWithTheEnginesMessageNamingTheField() {
    Runners.lessor()
        .withPropertyValues(awsMount("lessor.mounts.aws.roles.app.ttl=forever"))
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessageStartingWith("lessor.mounts.aws.roles.app: ttl: "));
  }

  @Test
  void mounts_roleWithoutCredentialType_fails() {
    Runners.lessor()
        .withPropertyValues(
            "lessor.mounts.aws.type=aws", "lessor.mounts.aws.roles.ops.policy_document=" + POLICY)
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessage(
                        "lessor.mounts.aws.roles.ops: credential_type: is required: iam_user,"
                            + " assumed_role, federation_token or session_token"));
  }

  @Test
  void mounts_configWithUnknownFieldOrSecretOnly_failsWithoutTheSecret() {
    String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    Runners.lessor()
        .withPropertyValues(
            "lessor.mounts.aws.type=aws", "lessor.mounts.aws.config.secret_key=" + secret)
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessageStartingWith("lessor.mounts.aws.config: ")
                    .hasMessageNotContaining(secret));
    Runners.lessor()
        .withPropertyValues("lessor.mounts.aws.type=aws", "lessor.mounts.aws.config.regoin=eu")
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessageStartingWith(
                        "lessor.mounts.aws.config: regoin: is not a parameter"));
  }
}
