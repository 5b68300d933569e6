package dev.lessor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.Lessor;
import dev.lessor.LessorException;
import dev.lessor.Response;
import dev.lessor.RetryPolicy;
import dev.lessor.TaskEvent;
import dev.lessor.engine.MountContext;
import dev.lessor.engine.PathRouter;
import dev.lessor.engine.SecretsEngine;
import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.store.LeaseRecord;
import dev.lessor.store.ScheduledTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Engines' scheduled tasks on the revocation loop: one wake-up, claims in the store. */
class ScheduledTasksTest {
  private final ManualClock clock = new ManualClock();
  private final InMemoryLeaseStore store = new InMemoryLeaseStore();
  private final Lessor lessor =
      Lessor.builder()
          .clock(clock)
          .scheduler(new ManualScheduler(clock))
          .revocationExecutor(Runnable::run)
          .leaseStore(store)
          .retryPolicy(
              new RetryPolicy(
                  3, Duration.ofSeconds(1), Duration.ofMinutes(1), 0, Duration.ofDays(1)))
          .build();
  private final TaskEngine engine = new TaskEngine();

  /** An engine whose {@code schedule} path schedules task {@code t} in a given time. */
  private final class TaskEngine implements SecretsEngine {
    final List<Instant> runs = new ArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();
    volatile Duration every = Duration.ofMinutes(10);
    volatile boolean done;
    MountContext context;

    @Override
    public PathRouter mount(MountContext context) {
      this.context = context;
      return PathRouter.builder()
          .write(
              "schedule",
              r -> {
                context.tasks().schedule("t", clock.instant().plus(r.duration("in").orElseThrow()));
                return Response.empty();
              })
          .build();
    }

    @Override
    public void revoke(LeaseRecord lease) {}

    @Override
    public Optional<Instant> runTask(ScheduledTask task) {
      runs.add(clock.instant());
      if (failuresLeft.getAndDecrement() > 0) {
        throw new LessorException("provider down");
      }
      return done ? Optional.empty() : Optional.of(clock.instant().plus(every));
    }
  }

  @AfterEach
  void close() {
    lessor.close();
  }

  @Test
  void runTask_dueAndThenAtTheTimeItReturns_runsEachTimeAndIsNoLease() {
    lessor.mount("e/", engine);
    Instant start = clock.instant();
    lessor.write("e/schedule", Map.of("in", "5m"));

    clock.advance(Duration.ofMinutes(5));
    clock.advance(Duration.ofMinutes(10));

    assertThat(engine.runs)
        .containsExactly(start.plus(Duration.ofMinutes(5)), start.plus(Duration.ofMinutes(15)));
    assertThat(lessor.leases().count()).isZero();
    assertThat(lessor.leases().list("")).isEmpty();
    assertThat(store.getTask("e/t").orElseThrow().dueTime())
        .isEqualTo(start.plus(Duration.ofMinutes(25)));
  }

  @Test
  void schedule_again_movesTheDueTimeAtOnce() {
    lessor.mount("e/", engine);
    Instant start = clock.instant();
    lessor.write("e/schedule", Map.of("in", "1h"));

    lessor.write("e/schedule", Map.of("in", "2m"));
    clock.advance(Duration.ofMinutes(2));

    assertThat(engine.runs).containsExactly(start.plus(Duration.ofMinutes(2)));
  }

  @Test
  void runTask_keepsFailing_retriedWithBackoffAndReportedFromMaxAttemptsOn() {
    lessor.mount("e/", engine);
    List<TaskEvent> events = new ArrayList<>();
    lessor.addTaskListener(events::add);
    engine.failuresLeft.set(4);
    lessor.write("e/schedule", Map.of("in", "0s"));

    for (int i = 0; i < 6; i++) {
      clock.advance(Duration.ofMinutes(1));
    }

    assertThat(engine.runs).hasSize(5); // 4 failures, then the success; the next is 10m later
    assertThat(events).extracting(TaskEvent::attempts).containsExactly(3, 4);
    assertThat(events.get(0).error()).isEqualTo("provider down");
    assertThat(store.getTask("e/t").orElseThrow().attempts()).isZero();
  }

  @Test
  void runTask_returnsEmpty_taskDeleted() {
    lessor.mount("e/", engine);
    engine.done = true;
    lessor.write("e/schedule", Map.of("in", "1m"));

    clock.advance(Duration.ofMinutes(1));

    assertThat(engine.runs).hasSize(1);
    assertThat(store.getTask("e/t")).isEmpty();
  }

  @Test
  void cancel_scheduledTask_neverRuns() {
    lessor.mount("e/", engine);
    lessor.write("e/schedule", Map.of("in", "1m"));

    assertThat(engine.context.tasks().cancel("t")).isTrue();
    clock.advance(Duration.ofMinutes(5));

    assertThat(engine.runs).isEmpty();
  }

  @Test
  void unmount_mountWithTasks_deletesThem() {
    lessor.mount("e/", engine);
    lessor.write("e/schedule", Map.of("in", "1m"));

    lessor.unmount("e/");

    assertThat(store.getTask("e/t")).isEmpty();
  }
}
