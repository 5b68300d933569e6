package dev.lessor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.Lessor;
import dev.lessor.aws.LessorCredentialsProvider;
import dev.lessor.testing.LocalIam;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** {@code lessor.aws.credentials.<bean-name>.*}: credentials provider beans. */
class CredentialsPropertiesTest {
  private static LocalIam iam;

  @BeforeAll
  static void startIam() {
    iam = LocalIam.start();
  }

  @AfterAll
  static void stopIam() {
    iam.close();
  }

  private static String[] mount() {
    String endpoint = iam.endpoint().toString();
    return new String[] {
      "lessor.mounts.aws.type=aws",
      "lessor.mounts.aws.config.access_key=" + iam.adminAccessKeyId(),
      "lessor.mounts.aws.config.secret_key=" + iam.adminSecretAccessKey(),
      "lessor.mounts.aws.config.region=" + iam.region(),
      "lessor.mounts.aws.config.iam_endpoint=" + endpoint,
      "lessor.mounts.aws.config.sts_endpoint=" + endpoint,
      "lessor.mounts.aws.roles.app.credential_type=iam_user",
      "lessor.mounts.aws.roles.app.policy_document=" + MountPropertiesTest.POLICY
    };
  }

  @Test
  void credentials_set_providerBeanUnderThatName_mintsOnUse_revokedOnShutdown() {
    List<String> leases = new ArrayList<>();
    Runners.lessor()
        .withPropertyValues(mount())
        .withPropertyValues(
            "lessor.aws.credentials.appCredentials.path=aws/creds/app",
            "lessor.aws.credentials.appCredentials.ttl=15m",
            "lessor.aws.credentials.appCredentials.display-name=orders")
        .run(
            context -> {
              LessorCredentialsProvider provider =
                  context.getBean("appCredentials", LessorCredentialsProvider.class);
              assertThat(provider.path()).isEqualTo("aws/creds/app");
              assertThat(provider.resolveCredentials().accessKeyId()).startsWith("AKIA");
              leases.addAll(provider.leaseIds());
              Lessor lessor = context.getBean(Lessor.class);
              assertThat(lessor.leases().lookup(leases.get(0)).orElseThrow().expireTime())
                  .isEqualTo(
                      lessor
                          .leases()
                          .lookup(leases.get(0))
                          .get()
                          .issueTime()
                          .plus(Duration.ofMinutes(15)));
              assertThat(iam.users()).hasSize(1);
              // Spring destroys dependents first: the provider is closed before the Lessor
              assertThat(context.getBeanFactory().getDependentBeans("lessor"))
                  .contains("appCredentials");
            });
    assertThat(leases).hasSize(1);
    assertThat(iam.users()).isEmpty();
  }

  @Test
  void credentials_primary_isTheAwsCredentialsProviderSdkClientsGet() {
    Runners.lessor()
        .withPropertyValues(mount())
        .withPropertyValues(
            "lessor.aws.credentials.reports.path=aws/creds/app",
            "lessor.aws.credentials.orders.path=aws/creds/app",
            "lessor.aws.credentials.orders.primary=true")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBeansOfType(AwsCredentialsProvider.class))
                  .containsOnlyKeys("reports", "orders");
              assertThat(context.getBean(AwsCredentialsProvider.class))
                  .isSameAs(context.getBean("orders"));
            });
  }

  @Test
  void credentials_unset_noProviderBeans() {
    Runners.lessor()
        .run(context -> assertThat(context).doesNotHaveBean(AwsCredentialsProvider.class));
  }

  @Test
  void credentials_twoPrimaries_fails() {
    Runners.lessor()
        .withPropertyValues(
            "lessor.aws.credentials.a.path=aws/creds/app",
            "lessor.aws.credentials.a.primary=true",
            "lessor.aws.credentials.b.path=aws/creds/app",
            "lessor.aws.credentials.b.primary=true")
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessage(
                        "lessor.aws.credentials: at most one provider may be primary, but [a, b]"
                            + " are"));
  }

  @Test
  void credentials_pathMissing_fails() {
    Runners.lessor()
        .withPropertyValues("lessor.aws.credentials.a.ttl=1h")
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessage(
                        "lessor.aws.credentials.a.path: is required, such as aws/creds/app"));
  }

  @Test
  void credentials_wrongFields_failWithTheBuildersMessages() {
    Runners.lessor()
        .withPropertyValues("lessor.aws.credentials.a.path=/aws/creds/app")
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessage(
                        "lessor.aws.credentials.a: path: must be a credentials path such as"
                            + " aws/creds/my-role, was '/aws/creds/app'"));
    Runners.lessor()
        .withPropertyValues(
            "lessor.aws.credentials.a.path=aws/sts/deploy",
            "lessor.aws.credentials.a.role-arn=deploy")
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessage(
                        "lessor.aws.credentials.a: role_arn: must be an ARN (arn:...), was 'deploy'"));
    Runners.lessor()
        .withPropertyValues(
            "lessor.aws.credentials.a.path=aws/creds/app", "lessor.aws.credentials.a.overlap=-1s")
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessage(
                        "lessor.aws.credentials.a: overlap: must not be negative, was PT-1S"));
  }

  @Test
  void credentials_customizer_appliedWithTheBeanName() {
    List<String> customized = new ArrayList<>();
    Runners.lessor()
        .withPropertyValues(mount())
        .withPropertyValues("lessor.aws.credentials.appCredentials.path=aws/creds/app")
        .withBean(LessorCredentialsCustomizer.class, () -> (name, builder) -> customized.add(name))
        .run(
            context -> {
              context.getBean("appCredentials");
              assertThat(customized).containsExactly("appCredentials");
            });
  }
}
