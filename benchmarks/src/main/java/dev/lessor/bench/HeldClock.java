package dev.lessor.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still at its origin until {@link #release()}, then runs at real speed from
 * there. The harness issues leases while it stands, so every lease's expiry is exactly what the
 * figure asks for however long issuing took, and expiries begin only after issuing is done.
 * Thread-safe.
 */
final class HeldClock extends Clock {
  private final Instant origin;
  private volatile long releasedAtNanos;
  private volatile boolean released;

  HeldClock(Instant origin) {
    this.origin = origin;
  }

  /** Starts the clock running; it reads the origin at this moment. */
  void release() {
    releasedAtNanos = System.nanoTime();
    released = true;
  }

  /** The {@link System#nanoTime()} at which the clock started running. */
  long releasedAtNanos() {
    return releasedAtNanos;
  }

  @Override
  public Instant instant() {
    return released ? origin.plusNanos(System.nanoTime() - releasedAtNanos) : origin;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the harness clock is UTC only");
  }
}
