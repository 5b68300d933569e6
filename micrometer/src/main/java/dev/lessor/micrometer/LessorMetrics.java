package dev.lessor.micrometer;

import dev.lessor.LeaseEvent;
import dev.lessor.LeaseListener;
import dev.lessor.LeaseState;
import dev.lessor.LeaseStats;
import dev.lessor.Lessor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer meters for a {@link Lessor}:
 *
 * <ul>
 *   <li>{@value #LEASES} (gauge; tags {@code mount}, {@code state}: pending, active, irrevocable):
 *       the leases in the store;
 *   <li>{@value #IRREVOCABLE} (gauge; tag {@code mount}): leases whose revocation failed for good;
 *   <li>{@value #LAG} (time gauge): how long the earliest expired lease that still exists (and is
 *       not irrevocable) is past its expiry; see {@link LeaseStats#revocationLag()};
 *   <li>{@value #ISSUED}, {@value #RENEWED}, {@value #REVOKED}, {@value #EXPIRED}, {@value
 *       #FAILURES} (counters; tag {@code mount}): lease events of this process;
 *   <li>{@value #MINT} (timer; tag {@code mount}): requests that issued a lease;
 *   <li>{@value #REVOCATION} (timer; tags {@code mount}, {@code outcome}: revoked, expired,
 *       failed): revocation attempts.
 * </ul>
 *
 * <p>The gauges read {@link dev.lessor.LeaseManager#stats(Duration)}, so they cover every lease in
 * the store (those of other instances sharing it too) and read the store at most once per {@code
 * statsMaxAge}, however many gauges a scrape reads. Counters and timers count the events of this
 * Lessor only. Meters of a mount are registered when the mount is first seen (bound, an event, or a
 * lease in the store) and stay, reading zero once it is gone.
 *
 * <pre>{@code
 * LessorMetrics metrics = LessorMetrics.of(lessor);
 * metrics.bindTo(registry);
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops counting events; the gauges stay registered.
 */
public final class LessorMetrics implements MeterBinder, AutoCloseable {
  /** Gauge of leases by mount and state. */
  public static final String LEASES = "lessor.leases";

  /** Gauge of irrevocable leases by mount. */
  public static final String IRREVOCABLE = "lessor.leases.irrevocable";

  /** Time gauge of the revocation lag. */
  public static final String LAG = "lessor.revocation.lag";

  /** Counter of leases issued. */
  public static final String ISSUED = "lessor.leases.issued";

  /** Counter of leases renewed. */
  public static final String RENEWED = "lessor.leases.renewed";

  /** Counter of leases revoked before their expiry (explicitly, by prefix, by force, rollback). */
  public static final String REVOKED = "lessor.leases.revoked";

  /** Counter of leases revoked at their expiry. */
  public static final String EXPIRED = "lessor.leases.expired";

  /** Counter of failed revocation attempts (each is retried, or the lease becomes irrevocable). */
  public static final String FAILURES = "lessor.revocation.failures";

  /** Timer of requests that issued a lease. */
  public static final String MINT = "lessor.mint";

  /** Timer of revocation attempts. */
  public static final String REVOCATION = "lessor.revocation";

  /** How old the lease counts may be by default: one store read per 10 seconds at most. */
  public static final Duration DEFAULT_STATS_MAX_AGE = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(LessorMetrics.class);
  private static final String SYSTEM_MOUNT = "sys/";

  private final Lessor lessor;
  private final Tags tags;
  private final Duration statsMaxAge;
  private final List<Bound> bound = new CopyOnWriteArrayList<>();
  private final LeaseListener listener = this::onEvent;
  private volatile boolean failing;

  /** Meters in one registry, and the mounts registered there. */
  private record Bound(MeterRegistry registry, Map<String, MountMeters> mounts) {}

  /** Meters with no extra tags and {@link #DEFAULT_STATS_MAX_AGE}. */
  public LessorMetrics(Lessor lessor) {
    this(lessor, Tags.empty(), DEFAULT_STATS_MAX_AGE);
  }

  /**
   * @param tags added to every meter, such as the application's name
   * @param statsMaxAge how old the lease counts and the lag may be; near the scrape interval
   */
  public LessorMetrics(Lessor lessor, Iterable<Tag> tags, Duration statsMaxAge) {
    this.lessor = Objects.requireNonNull(lessor, "lessor");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    this.statsMaxAge = Objects.requireNonNull(statsMaxAge, "statsMaxAge");
    if (statsMaxAge.isNegative()) {
      throw new IllegalArgumentException("statsMaxAge must not be negative, got " + statsMaxAge);
    }
  }

  /** {@link #LessorMetrics(Lessor)}. */
  public static LessorMetrics of(Lessor lessor) {
    return new LessorMetrics(lessor);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    Bound b = new Bound(registry, new ConcurrentHashMap<>());
    bound.add(b);
    TimeGauge.builder(LAG, this, TimeUnit.NANOSECONDS, LessorMetrics::lagNanos)
        .description("How long the earliest expired lease that still exists is past its expiry")
        .tags(tags)
        .strongReference(true)
        .register(registry);
    for (String mount : lessor.mounts()) {
      if (!mount.equals(SYSTEM_MOUNT)) {
        meters(b, mount);
      }
    }
    LeaseStats stats = stats();
    if (stats != null) {
      stats.mounts().forEach(mount -> meters(b, mount));
    }
    if (bound.size() == 1) {
      lessor.leases().addListener(listener);
    }
  }

  /** Stops counting events (removes the lease listener). */
  @Override
  public void close() {
    lessor.leases().removeListener(listener);
  }

  private void onEvent(LeaseEvent event) {
    for (Bound b : bound) {
      meters(b, event.mount()).record(event);
    }
  }

  private MountMeters meters(Bound b, String mount) {
    MountMeters meters = b.mounts().get(mount);
    return meters != null
        ? meters
        : b.mounts()
            .computeIfAbsent(mount, m -> new MountMeters(b.registry(), tags, m, this, this::count));
  }

  private double count(String mount, LeaseState state) {
    LeaseStats stats = stats();
    return stats == null ? Double.NaN : stats.count(mount, state);
  }

  private double lagNanos() {
    LeaseStats stats = stats();
    return stats == null ? Double.NaN : stats.revocationLag().toNanos();
  }

  /** The latest stats, registering the meters of mounts seen for the first time; null on error. */
  private LeaseStats stats() {
    LeaseStats stats;
    try {
      stats = lessor.leases().stats(statsMaxAge);
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        log.warn("lease metrics cannot read the lease store; gauges read NaN until it can", e);
      }
      return null;
    }
    failing = false;
    for (Bound b : bound) {
      for (LeaseStats.Group group : stats.groups()) {
        if (!b.mounts().containsKey(group.mount())) {
          meters(b, group.mount());
        }
      }
    }
    return stats;
  }
}
