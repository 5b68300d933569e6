package dev.lessor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered listeners, and guarded delivery to them: one that throws never stops the rest.
 *
 * <p>Code that holds a lock (a mount's request gate, the Lessor's) {@link #defer defers} the events
 * of its thread until it has let go, so that a listener is never called under a lock: one that
 * unmounts or closes the Lessor would otherwise wait for itself.
 */
final class LeaseEvents {
  private static final Logger log = LoggerFactory.getLogger(LeaseEvents.class);
  private static final Deferral NESTED = () -> {};
  private final List<LeaseListener> listeners = new CopyOnWriteArrayList<>();
  private final ThreadLocal<List<LeaseEvent>> deferred = new ThreadLocal<>();

  /** Holds back the events this thread publishes until the deferral is closed. */
  interface Deferral extends AutoCloseable {
    /** Delivers the events held back (the outermost deferral only). */
    @Override
    void close();
  }

  /** Holds back this thread's events until the returned deferral is closed; nests. */
  Deferral defer() {
    if (deferred.get() != null) {
      return NESTED;
    }
    List<LeaseEvent> held = new ArrayList<>();
    deferred.set(held);
    return () -> {
      deferred.remove();
      held.forEach(this::deliver);
    };
  }

  void add(LeaseListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  void remove(LeaseListener listener) {
    listeners.remove(listener);
  }

  void publish(LeaseEvent.Type type, String mount, Lease lease, Instant time) {
    publish(new LeaseEvent(type, lease, time, Optional.empty(), mount, Optional.empty()));
  }

  /** An event of an operation that took {@code took} (null if not measured). */
  void publish(LeaseEvent.Type type, String mount, Lease lease, Instant time, Duration took) {
    publish(new LeaseEvent(type, lease, time, Optional.empty(), mount, Optional.ofNullable(took)));
  }

  void publish(
      LeaseEvent.Type type, String mount, Lease lease, Instant time, String error, Duration took) {
    publish(
        new LeaseEvent(type, lease, time, Optional.of(error), mount, Optional.ofNullable(took)));
  }

  private void publish(LeaseEvent event) {
    List<LeaseEvent> held = deferred.get();
    if (held != null) {
      held.add(event);
    } else {
      deliver(event);
    }
  }

  private void deliver(LeaseEvent event) {
    for (LeaseListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        log.warn(
            "lease listener {} failed on {} of {}", listener, event.type(), event.lease().id(), e);
      }
    }
  }
}
