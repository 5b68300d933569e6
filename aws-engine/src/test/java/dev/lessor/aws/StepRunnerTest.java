package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
  void runAll_firstStep_runsOnTheCallingThreadAndItsFailureComesFirst() {
    Thread caller = Thread.currentThread();
    List<Callable<Object>> steps =
        List.of(
            () -> {
              throw new IllegalStateException("on " + (Thread.currentThread() == caller));
            },
            () -> Thread.currentThread() == caller);

    StepRunner.Outcome outcome = runner.runAll(steps);

    assertThat(outcome.results()).containsExactly(null, false);
    assertThat(outcome.failures())
        .singleElement()
        .hasFieldOrPropertyWithValue("message", "on true");
    runner.close();
  }
}
