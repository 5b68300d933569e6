package dev.lessor.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link ScheduledTask tasks} of an {@link InMemoryLeaseStore}. Tasks are few (one per rotated
 * key, say), so a map under one lock serves, and a claim or the next due time looks at each task:
 * none of it is on the issue path. Thread-safe.
 */
final class InMemoryTasks {
  private static final Comparator<ScheduledTask> BY_DUE =
      Comparator.comparing(ScheduledTask::dueTime).thenComparing(ScheduledTask::id);

  private final Map<String, ScheduledTask> tasks = new HashMap<>(); // guarded by this

  synchronized ScheduledTask put(ScheduledTask task) {
    Objects.requireNonNull(task, "task");
    ScheduledTask old = tasks.get(task.id());
    ScheduledTask stored = old == null ? task : task.withVersion(old.version() + 1);
    tasks.put(task.id(), stored);
    return stored;
  }

  synchronized Optional<ScheduledTask> update(ScheduledTask task) {
    Objects.requireNonNull(task, "task");
    ScheduledTask old = tasks.get(task.id());
    if (old == null || old.version() != task.version()) {
      return Optional.empty();
    }
    ScheduledTask stored = task.withVersion(task.version() + 1);
    tasks.put(task.id(), stored);
    return Optional.of(stored);
  }

  synchronized Optional<ScheduledTask> get(String id) {
    return Optional.ofNullable(tasks.get(Objects.requireNonNull(id, "id")));
  }

  synchronized boolean delete(String id) {
    return tasks.remove(Objects.requireNonNull(id, "id")) != null;
  }

  synchronized int deletePrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    int before = tasks.size();
    tasks.keySet().removeIf(id -> id.startsWith(prefix));
    return before - tasks.size();
  }

  synchronized List<ScheduledTask> claimDue(Instant now, Instant claimUntil, int limit) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(claimUntil, "claimUntil");
    List<ScheduledTask> due = new ArrayList<>();
    for (ScheduledTask task : tasks.values()) {
      if (!task.dueTime().isAfter(now)) {
        due.add(task);
      }
    }
    due.sort(BY_DUE);
    List<ScheduledTask> claimed = new ArrayList<>();
    for (ScheduledTask task : due.subList(0, Math.min(Math.max(limit, 0), due.size()))) {
      ScheduledTask taken = task.withDueTime(claimUntil).withVersion(task.version() + 1);
      tasks.put(task.id(), taken);
      claimed.add(taken);
    }
    return claimed;
  }

  synchronized Optional<Instant> nextDueTime() {
    return tasks.values().stream().map(ScheduledTask::dueTime).min(Comparator.naturalOrder());
  }
}
