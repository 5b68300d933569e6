package dev.lessor.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.aws.LessorCredentialsProvider;
import dev.lessor.spring.LessorBuilderCustomizer;
import dev.lessor.spring.LessorCredentialsCustomizer;
import dev.lessor.testing.LocalIam;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example application started against LocalIam from properties alone: the starter mounts the
 * AWS engine, writes its root config and a role, and registers the primary credentials provider.
 * The application's STS client works through two rotations; after shutdown no IAM user is left.
 *
 * <p>Time is a manual clock (a test-only customizer), so that 10-minute leases pass in an instant;
 * the keys and the calls are real, signed by the SDK and checked by LocalIam.
 */
@SpringBootTest(
    classes = {ExampleApplication.class, ExampleApplicationIT.ManualTime.class},
    properties = {
      "lessor.mounts.aws.type=aws",
      "lessor.mounts.aws.roles.app.credential-type=iam_user",
      "lessor.mounts.aws.roles.app.policy-document={\"Version\":\"2012-10-17\",\"Statement\":"
          + "[{\"Effect\":\"Allow\",\"Action\":\"sts:GetCallerIdentity\",\"Resource\":\"*\"}]}",
      "lessor.mounts.aws.roles.app.ttl=10m",
      "lessor.mounts.aws.roles.app.max-ttl=10m",
      "lessor.aws.credentials.appCredentials.path=aws/creds/app",
      "lessor.aws.credentials.appCredentials.primary=true"
    })
class ExampleApplicationIT {
  private static final LocalIam IAM = LocalIam.start();
  private static final ManualClock CLOCK = new ManualClock(Instant.now());

  @DynamicPropertySource
  static void pointAtLocalIam(DynamicPropertyRegistry registry) {
    String endpoint = IAM.endpoint().toString();
    registry.add("lessor.mounts.aws.config.access-key", IAM::adminAccessKeyId);
    registry.add("lessor.mounts.aws.config.secret-key", IAM::adminSecretAccessKey);
    registry.add("lessor.mounts.aws.config.region", IAM::region);
    registry.add("lessor.mounts.aws.config.iam-endpoint", () -> endpoint);
    registry.add("lessor.mounts.aws.config.sts-endpoint", () -> endpoint);
    registry.add("example.region", IAM::region);
    registry.add("example.sts-endpoint", () -> endpoint);
  }

  /** Test-only: the Lessor and the providers on a manual clock. */
  @TestConfiguration
  static class ManualTime {
    @Bean
    LessorBuilderCustomizer manualClock() {
      return builder ->
          builder
              .clock(CLOCK)
              .scheduler(new ManualScheduler(CLOCK))
              .revocationExecutor(Runnable::run);
    }

    @Bean
    LessorCredentialsCustomizer manualRefresh() {
      return (name, builder) ->
          builder.scheduler(new ManualScheduler(CLOCK)).executor(Runnable::run);
    }
  }

  @Autowired ExampleApplication.WhoAmI whoAmI;
  @Autowired LessorCredentialsProvider appCredentials;

  /**
   * Runs once the application has shut down: Spring closes the context after the test method
   * ({@link DirtiesContext}), before JUnit's after-all methods.
   */
  @AfterAll
  static void shutdown_leftNoIamUser() {
    try {
      assertThat(IAM.users()).isEmpty();
    } finally {
      IAM.close();
    }
  }

  @Test
  @DirtiesContext(methodMode = DirtiesContext.MethodMode.AFTER_METHOD) // shut the application down
  void application_callsStsThroughTwoRotations() {
    List<String> callers = new ArrayList<>();
    for (int minute = 0; minute <= 18; minute += 9) {
      callers.add(whoAmI.arn());
      assertThat(appCredentials.leaseIds()).isNotEmpty();
      CLOCK.advance(Duration.ofMinutes(9)); // the provider rotates 2 minutes before expiry
    }

    assertThat(callers).hasSize(3).doesNotHaveDuplicates();
    assertThat(callers).allSatisfy(arn -> assertThat(arn).startsWith("arn:aws:iam::"));
    assertThat(IAM.users()).isNotEmpty(); // until shutdown: see shutdown_leftNoIamUser
  }
}
