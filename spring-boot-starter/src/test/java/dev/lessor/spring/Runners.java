package dev.lessor.spring;

import dev.lessor.LessorBuilder;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The starter's auto-configurations in a context runner, as an application gets them. */
final class Runners {
  private Runners() {}

  static ApplicationContextRunner lessor() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                LessorAutoConfiguration.class,
                LessorHealthAutoConfiguration.class,
                LessorMetricsAutoConfiguration.class));
  }

  /** A Lessor on a manual clock whose revocations run on the thread that moves it. */
  static LessorBuilderCustomizer manualTime(ManualClock clock) {
    return (LessorBuilder builder) ->
        builder
            .clock(clock)
            .scheduler(new ManualScheduler(clock))
            .revocationExecutor(Runnable::run);
  }
}
