package dev.lessor.aws;

import dev.lessor.Scheduler;
import dev.lessor.store.Storage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Kills a Lessor instance at one exact point of its work, as {@code kill -9} would: the point is
 * the {@code occurrence}-th time the instance reaches {@code event} after {@link #arm()}, where the
 * events are {@code "before-put:<key>"} and {@code "after-put:<key>"} of its storage (the key as
 * the shared store sees it, such as {@code aws/config/root}) and {@code "sleep"} of its engine. At
 * that point it throws {@link Died}, an Error that no engine code catches; from then on its storage
 * refuses every call and its scheduler runs nothing, so that no further code of the instance
 * touches the shared store or LocalIam. The instance is then abandoned, never closed. Thread-safe.
 */
final class ProcessDeath {
  /** What the dead instance's thread unwinds with. */
  static final class Died extends Error {
    Died(String event) {
      super("the process died at " + event, null, false, false);
    }
  }

  private final String event;
  private final int occurrence;
  private final Runnable onDeath;
  private boolean armed;
  private int seen;
  private volatile boolean dead;

  /**
   * @param onDeath runs once, at the moment of death (to note what the instance had done by then)
   */
  ProcessDeath(String event, int occurrence, Runnable onDeath) {
    this.event = event;
    this.occurrence = occurrence;
    this.onDeath = onDeath;
  }

  /** From now on the events count. */
  synchronized void arm() {
    armed = true;
  }

  boolean dead() {
    return dead;
  }

  private synchronized void at(String reached) {
    if (dead) {
      throw new Died(reached + " (after its death)");
    }
    if (armed && reached.equals(event) && ++seen == occurrence) {
      dead = true;
      onDeath.run();
      throw new Died(reached);
    }
  }

  private void requireAlive(String what) {
    if (dead) {
      throw new Died(what + " (after its death)");
    }
  }

  /** The instance's view of the shared {@code storage}. */
  Storage storage(Storage storage) {
    return new Storage() {
      @Override
      public Optional<byte[]> get(String key) {
        requireAlive("get " + key);
        return storage.get(key);
      }

      @Override
      public void put(String key, byte[] value) {
        at("before-put:" + key);
        storage.put(key, value);
        at("after-put:" + key);
      }

      @Override
      public boolean delete(String key) {
        requireAlive("delete " + key);
        return storage.delete(key);
      }

      @Override
      public List<String> list(String prefix) {
        requireAlive("list " + prefix);
        return storage.list(prefix);
      }
    };
  }

  /** The instance's scheduler: once dead, what it was to run does not run. */
  Scheduler scheduler(Scheduler scheduler) {
    return (task, delay) ->
        scheduler.schedule(
            () -> {
              if (!dead) {
                task.run();
              }
            },
            delay);
  }

  /** The instance engine's sleeper (the readiness wait), with event {@code "sleep"}. */
  IamRateGate.Sleeper sleeper(IamRateGate.Sleeper sleeper) {
    return (Duration d) -> {
      at("sleep");
      sleeper.sleep(d);
    };
  }
}
