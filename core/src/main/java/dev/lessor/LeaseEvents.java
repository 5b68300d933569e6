package dev.lessor;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registered listeners, and guarded delivery to them: one that throws never stops the rest. */
final class LeaseEvents {
  private static final Logger log = LoggerFactory.getLogger(LeaseEvents.class);
  private final List<LeaseListener> listeners = new CopyOnWriteArrayList<>();

  void add(LeaseListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  void remove(LeaseListener listener) {
    listeners.remove(listener);
  }

  void publish(LeaseEvent.Type type, Lease lease, Instant time) {
    publish(new LeaseEvent(type, lease, time, Optional.empty()));
  }

  void publish(LeaseEvent.Type type, Lease lease, Instant time, String error) {
    publish(new LeaseEvent(type, lease, time, Optional.of(error)));
  }

  private void publish(LeaseEvent event) {
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
