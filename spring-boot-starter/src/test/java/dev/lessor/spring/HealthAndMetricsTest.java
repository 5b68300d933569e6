package dev.lessor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.Lessor;
import dev.lessor.micrometer.LessorMetrics;
import dev.lessor.testing.FakeSecretsEngine;
import dev.lessor.testing.ManualClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.ApplicationContext;

/** {@code lessor.health.*}, the Actuator health indicator, and the Micrometer binder. */
class HealthAndMetricsTest {
  private final ManualClock clock = new ManualClock();
  private final FakeSecretsEngine db = new FakeSecretsEngine();

  @TempDir Path dir;

  private Health health(ApplicationContext context) {
    return context.getBean("lessorHealthIndicator", HealthIndicator.class).health();
  }

  /** A lease whose revocation failed for good. */
  private void irrevocableLease(ApplicationContext context) {
    Lessor lessor = context.getBean(Lessor.class);
    lessor.mount("db/", db);
    db.failRevocationsPermanently(1);
    lessor.read("db/creds/app", Map.of("ttl", "1m"));
    clock.advance(Duration.ofMinutes(1));
  }

  @Test
  void health_noIrrevocableLeases_upWithMountsAndStore() {
    Runners.lessor()
        .withPropertyValues("lessor.mounts.aws.type=aws")
        .run(
            context -> {
              Health health = health(context);
              assertThat(health.getStatus()).isEqualTo(Status.UP);
              assertThat(health.getDetails())
                  .containsEntry("mounts", List.of("aws/", "sys/"))
                  .containsEntry("store", "reachable")
                  .containsEntry("irrevocable", 0L);
            });
  }

  @Test
  void health_irrevocableLease_downByDefault() {
    Runners.lessor()
        .withBean(LessorBuilderCustomizer.class, () -> Runners.manualTime(clock))
        .withPropertyValues("lessor.health.max-age=0s")
        .run(
            context -> {
              irrevocableLease(context);
              Health health = health(context);
              assertThat(health.getStatus()).isEqualTo(Status.DOWN);
              assertThat(health.getDetails()).containsEntry("irrevocable", 1L);
            });
  }

  @Test
  void health_irrevocableStatusSet_reportsThatStatus() {
    Runners.lessor()
        .withBean(LessorBuilderCustomizer.class, () -> Runners.manualTime(clock))
        .withPropertyValues(
            "lessor.health.max-age=0s", "lessor.health.irrevocable-status=out_of_service")
        .run(
            context -> {
              irrevocableLease(context);
              assertThat(health(context).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            });
  }

  @Test
  void health_wrongSettings_fail() {
    Runners.lessor()
        .withPropertyValues("lessor.health.irrevocable-status= ")
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessage("lessor.health.irrevocable-status: must not be blank"));
    Runners.lessor()
        .withPropertyValues("lessor.health.max-age=-1s")
        .run(
            context ->
                StartupFailure.of(context)
                    .hasMessage("lessor.health.max-age: must not be negative"));
  }

  @Test
  void health_storeUnreachable_down() {
    Runners.lessor()
        .withPropertyValues(
            "lessor.store=embedded",
            "lessor.store.directory=" + dir,
            "lessor.store.allow-plaintext=true",
            "lessor.health.max-age=0s")
        .run(
            context -> {
              context.getBean(LessorStores.class).close(); // as a database gone away
              Health health = health(context);
              assertThat(health.getStatus()).isEqualTo(Status.DOWN);
              assertThat(health.getDetails().get("store").toString()).startsWith("unreachable: ");
            });
  }

  @Test
  void health_withoutHealthSupportOrDisabled_noIndicator() {
    Runners.lessor()
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(context -> assertThat(context).doesNotHaveBean("lessorHealthIndicator"));
    Runners.lessor()
        .withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean("lessorHealthIndicator");
            });
    Runners.lessor()
        .withPropertyValues("management.health.lessor.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("lessorHealthIndicator"));
  }

  @Test
  void metrics_withMicrometer_lessorMetersInTheRegistry() {
    Runners.lessor()
        .withConfiguration(
            AutoConfigurations.of(
                MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
        .withBean(LessorBuilderCustomizer.class, () -> Runners.manualTime(clock))
        .run(
            context -> {
              assertThat(context).hasSingleBean(LessorMetrics.class);
              Lessor lessor = context.getBean(Lessor.class);
              lessor.mount("db/", db);
              lessor.read("db/creds/app");
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(registry.get(LessorMetrics.ISSUED).tag("mount", "db/").counter().count())
                  .isEqualTo(1.0);
            });
  }

  @Test
  void metrics_withoutMicrometer_noBinder() {
    Runners.lessor()
        .withClassLoader(new FilteredClassLoader(MeterBinder.class))
        .run(context -> assertThat(context).doesNotHaveBean(LessorMetrics.class));
  }
}
