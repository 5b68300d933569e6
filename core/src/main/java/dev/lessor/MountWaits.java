package dev.lessor;

import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Due leases that no mounted engine may revoke: their mount is not mounted, or an engine of another
 * type is mounted there. They wait, looked at again every {@code mountWait}, and go at once when an
 * engine is mounted at their path. Thread-safe.
 */
final class MountWaits {
  private static final Logger log = LoggerFactory.getLogger(MountWaits.class);

  private final LeaseStore store;
  private final Clock clock;
  private final Duration mountWait;

  /** Ids of the waiting leases, by mount path. */
  private final Map<String, Set<String>> waiting = new ConcurrentHashMap<>();

  MountWaits(LeaseStore store, Clock clock, Duration mountWait) {
    this.store = store;
    this.clock = clock;
    this.mountWait = mountWait;
  }

  /**
   * Makes {@code record} (its latest version) wait for its engine.
   *
   * @param mounted the type of the engine mounted at its path, or null when nothing is
   */
  void waitFor(LeaseRecord record, String mounted) {
    waiting
        .computeIfAbsent(
            record.mount(),
            mount -> {
              if (mounted == null) {
                log.warn(
                    "leases of mount '{}' are due but it is not mounted; they wait until it is"
                        + " (first: {})",
                    mount,
                    record.id());
              } else {
                log.warn(
                    "leases of mount '{}' are due but need an engine of type '{}', and '{}' is"
                        + " mounted there; they wait until a '{}' engine is (first: {})",
                    mount,
                    record.engine(),
                    mounted,
                    record.engine(),
                    record.id());
              }
              return ConcurrentHashMap.newKeySet();
            })
        .add(record.id());
    store.update(record.withDueTime(clock.instant().plus(mountWait)));
  }

  /**
   * Makes the leases that were waiting for {@code mount} due now. Called when it is mounted, so
   * that leases left overdue by an earlier run go at once instead of after the mount wait.
   */
  void mountAvailable(String mount) {
    Set<String> ids = waiting.remove(mount);
    if (ids == null) {
      return;
    }
    Instant now = clock.instant();
    for (String id : ids) {
      store
          .get(id)
          .filter(r -> r.dueTime().isAfter(now))
          .ifPresent(r -> store.update(r.withDueTime(now)));
    }
  }
}
