package dev.lessor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.store.LeaseStore;
import dev.lessor.store.ScheduledTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of a {@link LeaseStore}'s {@link ScheduledTask scheduled tasks}, part of {@link
 * LeaseStoreContract}: a store that {@link LeaseStore#keepsTasks() keeps tasks} must pass it; for
 * one that does not, these tests check only that it says so and finds none. Not thread-safe.
 */
public abstract class ScheduledTaskContract {
  private static final Instant AT = Instant.parse("2030-01-02T03:04:05.123456Z");

  /** The store under test, fresh and empty for each test. */
  protected abstract LeaseStore store();

  private static ScheduledTask task(String name, Instant due) {
    return ScheduledTask.of("aws/", name, "aws", due);
  }

  @Test
  void putTask_newTask_getReturnsEqualTask() {
    if (!store().keepsTasks()) {
      assertThat(store().getTask("aws/static-roles/a")).isEmpty();
      return;
    }
    ScheduledTask task =
        new ScheduledTask("aws/static-roles/a", "aws/", "aws", AT, 3, "Throttling", 7);

    assertThat(store().putTask(task)).isEqualTo(task);

    assertThat(store().getTask(task.id())).contains(task);
  }

  @Test
  void putTask_existingTaskOfAnyVersion_replacesItWithNextVersion() {
    if (!store().keepsTasks()) {
      return;
    }
    ScheduledTask first = store().putTask(task("static-roles/a", AT));
    store().claimDueTasks(AT, AT.plusSeconds(60), 10); // a run under way: version 1

    ScheduledTask moved = store().putTask(task("static-roles/a", AT.plusSeconds(5)));

    assertThat(moved.version()).isEqualTo(first.version() + 2);
    assertThat(store().getTask(first.id())).contains(moved);
  }

  @Test
  void updateTask_currentVersion_storesWithNextVersion() {
    if (!store().keepsTasks()) {
      assertThat(store().updateTask(task("a", AT))).isEmpty();
      return;
    }
    ScheduledTask stored = store().putTask(task("a", AT));
    ScheduledTask failed = stored.withFailure(1, "boom").withDueTime(AT.plusSeconds(20));

    assertThat(store().updateTask(failed)).contains(failed.withVersion(1));
    assertThat(store().getTask(stored.id())).contains(failed.withVersion(1));
  }

  @Test
  void updateTask_staleVersionOrMissing_isEmptyAndKeepsStoredTask() {
    if (!store().keepsTasks()) {
      return;
    }
    ScheduledTask stored = store().putTask(task("a", AT));
    ScheduledTask claimed = store().claimDueTasks(AT, AT.plusSeconds(60), 1).get(0);

    assertThat(store().updateTask(stored.withDueTime(AT.plusSeconds(1)))).isEmpty();
    assertThat(store().updateTask(task("missing", AT))).isEmpty();
    assertThat(store().getTask(stored.id())).contains(claimed);
  }

  @Test
  void deleteTask_existingAndMissing_saysWhetherItExisted() {
    if (!store().keepsTasks()) {
      assertThat(store().deleteTask("aws/a")).isFalse();
      return;
    }
    ScheduledTask stored = store().putTask(task("a", AT));

    assertThat(store().deleteTask(stored.id())).isTrue();
    assertThat(store().deleteTask(stored.id())).isFalse();
    assertThat(store().getTask(stored.id())).isEmpty();
    assertThat(store().nextTaskDueTime()).isEmpty();
  }

  @Test
  void deleteTasks_prefix_deletesOnlyTasksUnderIt() {
    if (!store().keepsTasks()) {
      assertThat(store().deleteTasks("aws/")).isZero();
      return;
    }
    store().putTask(task("a", AT));
    store().putTask(task("b_c", AT));
    store().putTask(ScheduledTask.of("aws2/", "a", "aws", AT));
    store().putTask(ScheduledTask.of("awsx/", "a", "aws", AT));

    assertThat(store().deleteTasks("aws/")).isEqualTo(2);

    assertThat(store().getTask("aws/a")).isEmpty();
    assertThat(store().getTask("aws2/a")).isPresent();
    assertThat(store().getTask("awsx/a")).isPresent();
    assertThat(store().deleteTasks("aws_/")).isZero(); // _ is no wildcard
  }

  @Test
  void claimDueTasks_dueTasks_takenEarliestFirstUpToLimitAndDueAtClaimUntil() {
    if (!store().keepsTasks()) {
      assertThat(store().claimDueTasks(AT, AT.plusSeconds(60), 10)).isEmpty();
      return;
    }
    store().putTask(task("c", AT.plusSeconds(3)));
    store().putTask(task("a", AT.plusSeconds(1)));
    store().putTask(task("b", AT.plusSeconds(2)));
    store().putTask(task("later", AT.plusSeconds(100)));
    Instant until = AT.plusSeconds(60);

    List<ScheduledTask> claimed = store().claimDueTasks(AT.plusSeconds(10), until, 2);

    assertThat(claimed).extracting(ScheduledTask::name).containsExactly("a", "b");
    assertThat(claimed).allSatisfy(t -> assertThat(t.dueTime()).isEqualTo(until));
    assertThat(claimed).allSatisfy(t -> assertThat(t.version()).isEqualTo(1));
    assertThat(store().getTask("aws/a")).contains(claimed.get(0));
    assertThat(store().claimDueTasks(AT.plusSeconds(10), until, 10))
        .extracting(ScheduledTask::name)
        .containsExactly("c");
    assertThat(store().claimDueTasks(AT.plusSeconds(10), until, 10)).isEmpty();
  }

  @Test
  void claimDueTasks_afterClaimDeadline_claimsAgain() {
    if (!store().keepsTasks()) {
      return;
    }
    store().putTask(task("a", AT));
    store().claimDueTasks(AT, AT.plusSeconds(60), 1);

    assertThat(store().claimDueTasks(AT.plusSeconds(59), AT.plusSeconds(120), 1)).isEmpty();
    assertThat(store().claimDueTasks(AT.plusSeconds(60), AT.plusSeconds(120), 1)).hasSize(1);
  }

  @Test
  void claimDueTasks_concurrentClaimers_eachTaskToExactlyOne() throws Exception {
    if (!store().keepsTasks()) {
      return;
    }
    int tasks = 60;
    for (int i = 0; i < tasks; i++) {
      store().putTask(task(String.format("t%03d", i), AT.plusMillis(i)));
    }
    Instant now = AT.plusSeconds(10);

    List<List<ScheduledTask>> batches =
        ConcurrentRuns.run(
            6,
            i ->
                () -> {
                  List<ScheduledTask> mine = new ArrayList<>();
                  List<ScheduledTask> batch;
                  while (!(batch = store().claimDueTasks(now, now.plusSeconds(60), 7)).isEmpty()) {
                    mine.addAll(batch);
                  }
                  return mine;
                });

    List<String> all = batches.stream().flatMap(List::stream).map(ScheduledTask::id).toList();
    assertThat(all).hasSize(tasks).doesNotHaveDuplicates();
  }

  @Test
  void nextTaskDueTime_tasks_isEarliestDueTime() {
    if (!store().keepsTasks()) {
      assertThat(store().nextTaskDueTime()).isEmpty();
      return;
    }
    assertThat(store().nextTaskDueTime()).isEmpty();
    store().putTask(task("b", AT.plusSeconds(9)));
    store().putTask(task("a", AT.plusSeconds(4)));

    assertThat(store().nextTaskDueTime()).contains(AT.plusSeconds(4));
  }

  @Test
  void putTask_tasks_areNeitherCountedListedNorClaimedAsLeases() {
    if (!store().keepsTasks()) {
      return;
    }
    store().putTask(task("static-roles/a", AT));

    assertThat(store().count()).isZero();
    assertThat(store().list("")).isEmpty();
    assertThat(store().groups()).isEmpty();
    assertThat(store().nextDueTime()).isEmpty();
    assertThat(store().claimDue(AT.plusSeconds(1), AT.plusSeconds(60), 10)).isEmpty();
    assertThat(store().getTask("aws/static-roles/a")).isPresent();
  }
}
