package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.LessorException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class StepRunnerTest {
  private final StepRunner runner = new StepRunner();

  @Test
  void runAll_oneStepFails_waitsForTheOthersAndReportsResultsInOrder() {
    CountDownLatch failed = new CountDownLatch(1);
    AtomicBoolean slowFinished = new AtomicBoolean();
    List<Callable<Object>> steps =
        List.of(
            () -> {
              // Finishes only after the failing step has failed: runAll must still wait for it.
              assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
              slowFinished.set(true);
              return "key";
            },
            () -> {
              failed.countDown();
              throw new IllegalStateException("policy refused");
            },
            () -> "group");

    StepRunner.Outcome outcome = runner.runAll(steps);

    assertThat(slowFinished).isTrue();
    assertThat(outcome.failed()).isTrue();
    assertThat(outcome.results()).containsExactly("key", null, "group");
    assertThat(outcome.failures())
        .singleElement()
        .hasFieldOrPropertyWithValue("message", "policy refused");
    runner.close();
  }

  @Test
  void runAll_stepsRunConcurrently() {
    CountDownLatch both = new CountDownLatch(2);
    Callable<Object> meet =
        () -> {
          both.countDown();
          return both.await(10, TimeUnit.SECONDS);
        };

    StepRunner.Outcome outcome = runner.runAll(List.of(meet, meet));

    assertThat(outcome.results()).containsExactly(true, true);
    runner.close();
  }

  @Test
  void runAll_afterClose_failsEveryStepAtOnceWithoutRunningIt() {
    AtomicBoolean ran = new AtomicBoolean();
    runner.close();

    StepRunner.Outcome outcome =
        runner.runAll(List.of(() -> ran.getAndSet(true), () -> ran.getAndSet(true)));

    assertThat(ran).isFalse();
    assertThat(outcome.results()).containsExactly(null, null);
    assertThat(outcome.failures())
        .hasSize(2)
        .allSatisfy(
            f ->
                assertThat(f)
                    .isInstanceOf(LessorException.class)
                    .hasMessage(
                        "the AWS engine was closed while this request ran; its AWS call was not"
                            + " made or abandoned"));
  }

  @Test
  void close_whileACallerWaits_wakesItWithTheStepFailed() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    CompletableFuture<StepRunner.Outcome> waiting =
        CompletableFuture.supplyAsync(
            () ->
                runner.runAll(
                    List.of(
                        () -> {
                          started.countDown();
                          return never.await(1, TimeUnit.MINUTES);
                        })));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    runner.close();

    StepRunner.Outcome outcome = waiting.get(10, TimeUnit.SECONDS);
    assertThat(outcome.failures())
        .singleElement()
        .asInstanceOf(InstanceOfAssertFactories.THROWABLE)
        .hasMessageContaining("the AWS engine was closed");
  }

  @Test
  void runAll_callerInterrupted_stopsWaitingAndKeepsTheInterrupt() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    AtomicReference<StepRunner.Outcome> outcome = new AtomicReference<>();
    Thread caller =
        new Thread(
            () -> {
              outcome.set(runner.runAll(List.of(() -> never.await(1, TimeUnit.MINUTES))));
              stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
    caller.start();

    caller.interrupt();
    caller.join(10_000);

    assertThat(caller.isAlive()).isFalse();
    assertThat(stillInterrupted).isTrue();
    assertThat(outcome.get().failures())
        .singleElement()
        .asInstanceOf(InstanceOfAssertFactories.THROWABLE)
        .hasMessage("interrupted while an AWS call of this request ran");
    runner.close();
  }

  @Test
  void runAll_stepOutlastsTheBound_failsItNamingTheBound() {
    try (StepRunner impatient = new StepRunner(Duration.ofMillis(50))) {
      CountDownLatch never = new CountDownLatch(1);

      StepRunner.Outcome outcome =
          impatient.runAll(List.of(() -> never.await(1, TimeUnit.MINUTES), () -> "quick"));

      assertThat(outcome.results()).containsExactly(null, "quick");
      assertThat(outcome.failures())
          .singleElement()
          .asInstanceOf(InstanceOfAssertFactories.THROWABLE)
          .hasMessage("an AWS call of this request did not finish within PT0.05S");
    }
    runner.close();
  }
}
