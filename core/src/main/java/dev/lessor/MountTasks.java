package dev.lessor;

import dev.lessor.engine.TaskScheduler;
import dev.lessor.store.LeaseStore;
import dev.lessor.store.ScheduledTask;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@link TaskScheduler} of one mount: tasks go to the lease store under the mount's path, and
 * the revocation loop is told of an earlier due time. Thread-safe.
 */
final class MountTasks implements TaskScheduler {
  private final String mount;
  private final String engineType;
  private final LeaseStore store;
  private final Consumer<Instant> wakeBy;

  MountTasks(String mount, String engineType, LeaseStore store, Consumer<Instant> wakeBy) {
    this.mount = mount;
    this.engineType = engineType;
    this.store = store;
    this.wakeBy = wakeBy;
  }

  @Override
  public void schedule(String name, Instant dueTime) {
    Objects.requireNonNull(dueTime, "dueTime");
    if (!store.keepsTasks()) {
      throw new UnsupportedOperationException(
          "the lease store "
              + store.getClass().getSimpleName()
              + " keeps no scheduled tasks, which "
              + mount
              + name
              + " needs: use a store that does (the in-memory and JDBC stores do)");
    }
    store.putTask(ScheduledTask.of(mount, checked(name), engineType, dueTime));
    wakeBy.accept(dueTime);
  }

  @Override
  public boolean cancel(String name) {
    return store.deleteTask(mount + checked(name));
  }

  @Override
  public Optional<Instant> dueTime(String name) {
    return store.getTask(mount + checked(name)).map(ScheduledTask::dueTime);
  }

  private static String checked(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a task name must not be empty");
    }
    return name;
  }
}
