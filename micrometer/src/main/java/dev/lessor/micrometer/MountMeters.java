package dev.lessor.micrometer;

import dev.lessor.LeaseEvent;
import dev.lessor.LeaseState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.function.ToDoubleBiFunction;

/**
 * The meters of one mount in one registry, registered once when the mount is first seen, so that an
 * event costs a field read and an increment, not a registry lookup.
 */
final class MountMeters {
  private final Counter issued;
  private final Counter renewed;
  private final Counter revoked;
  private final Counter expired;
  private final Counter failures;
  private final Timer mint;
  private final Timer revokedTime;
  private final Timer expiredTime;
  private final Timer failedTime;

  /**
   * @param count reads the number of the mount's leases in a state from the latest stats
   */
  MountMeters(
      MeterRegistry registry,
      Iterable<Tag> common,
      String mount,
      LessorMetrics source,
      ToDoubleBiFunction<String, LeaseState> count) {
    Tags tags = Tags.of(common).and("mount", mount);
    for (LeaseState state : LeaseState.values()) {
      Gauge.builder(LessorMetrics.LEASES, source, s -> count.applyAsDouble(mount, state))
          .description("Leases in the store, by mount and state")
          .tags(tags.and("state", state.name().toLowerCase(Locale.ROOT)))
          .strongReference(true)
          .register(registry);
    }
    Gauge.builder(
            LessorMetrics.IRREVOCABLE,
            source,
            s -> count.applyAsDouble(mount, LeaseState.IRREVOCABLE))
        .description("Leases whose revocation failed for good; each needs an operator")
        .tags(tags)
        .strongReference(true)
        .register(registry);
    issued = counter(registry, LessorMetrics.ISSUED, "Leases issued", tags);
    renewed = counter(registry, LessorMetrics.RENEWED, "Leases renewed", tags);
    revoked = counter(registry, LessorMetrics.REVOKED, "Leases revoked before their expiry", tags);
    expired = counter(registry, LessorMetrics.EXPIRED, "Leases revoked at their expiry", tags);
    failures = counter(registry, LessorMetrics.FAILURES, "Revocation attempts that failed", tags);
    mint =
        Timer.builder(LessorMetrics.MINT)
            .description("Requests that issued a lease: the engine's work and the lease writes")
            .tags(tags)
            .register(registry);
    revokedTime = revocationTimer(registry, tags, "revoked");
    expiredTime = revocationTimer(registry, tags, "expired");
    failedTime = revocationTimer(registry, tags, "failed");
  }

  void record(LeaseEvent event) {
    Duration took = event.duration().orElse(null);
    switch (event.type()) {
      case ISSUED -> count(issued, mint, took);
      case RENEWED -> renewed.increment();
      case REVOKED -> count(revoked, revokedTime, took);
      case EXPIRED -> count(expired, expiredTime, took);
      case REVOCATION_FAILED -> count(failures, failedTime, took);
      case IRREVOCABLE -> {
        // the same attempt was reported as REVOCATION_FAILED just before; the gauge counts these
      }
    }
  }

  private static void count(Counter counter, Timer timer, Duration took) {
    counter.increment();
    if (took != null) {
      timer.record(took);
    }
  }

  private static Counter counter(
      MeterRegistry registry, String name, String description, Tags tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  private static Timer revocationTimer(MeterRegistry registry, Tags tags, String outcome) {
    return Timer.builder(LessorMetrics.REVOCATION)
        .description("Revocation attempts: the engine's call and the record's delete or update")
        .tags(tags.and("outcome", outcome))
        .register(registry);
  }
}
