package dev.lessor.testing;

import dev.lessor.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} and a {@link Ticker} that move only when a test moves them, so that lease expiry,
 * rates and timeouts are tested without sleeping. {@link #advance} moves both; {@link
 * #stepWallClock} moves the wall time alone, either way, the way NTP or an operator sets a clock,
 * while the ticker (monotonic time) never goes backwards. A Lessor built with this clock uses it as
 * its ticker too, unless told otherwise. Thread-safe; {@link ManualScheduler}s attached to it run
 * their due tasks on the thread that calls {@link #advance}.
 */
public final class ManualClock extends Clock implements Ticker {
  /** Where a new clock starts unless told otherwise. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;
  private final AtomicLong nanos = new AtomicLong();
  private final List<Runnable> onAdvance = new CopyOnWriteArrayList<>();

  /** A clock at {@link #DEFAULT_START}. */
  public ManualClock() {
    this(DEFAULT_START);
  }

  /** A clock at {@code start}. */
  public ManualClock(Instant start) {
    this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
  }

  /**
   * Moves the clock and the ticker forward by {@code duration}, then runs the schedulers' tasks now
   * due.
   */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a clock never goes backwards, was asked " + duration);
    }
    now.accumulateAndGet(null, (current, ignored) -> current.plus(duration));
    nanos.addAndGet(duration.toNanos());
    onAdvance.forEach(Runnable::run);
  }

  /**
   * Sets the wall time {@code step} forward or back (negative) without moving the ticker, as when
   * NTP or an operator corrects a clock: lease times see the jump, intervals and rates do not. Runs
   * no scheduled task, since no monotonic time passed.
   */
  public void stepWallClock(Duration step) {
    Objects.requireNonNull(step, "step");
    now.accumulateAndGet(null, (current, ignored) -> current.plus(step));
  }

  /** The monotonic time: nanoseconds that {@link #advance} has moved, never wall-clock steps. */
  @Override
  public long read() {
    return nanos.get();
  }

  /** Moves the clock forward to {@code instant}; an earlier instant is an error. */
  public void advanceTo(Instant instant) {
    Duration step = Duration.between(instant(), Objects.requireNonNull(instant, "instant"));
    advance(step);
  }

  /** Registers work to do after every advance; used by {@link ManualScheduler}. */
  void onAdvance(Runnable task) {
    onAdvance.add(task);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** This clock seen in another zone; it moves when this one moves. */
  @Override
  public Clock withZone(ZoneId zone) {
    ManualClock self = this;
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return zone;
      }

      @Override
      public Clock withZone(ZoneId other) {
        return self.withZone(other);
      }

      @Override
      public Instant instant() {
        return self.instant();
      }
    };
  }

  @Override
  public String toString() {
    return "ManualClock[" + instant() + "]";
  }
}
