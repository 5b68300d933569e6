package dev.lessor;

/**
 * A source of monotonic time, for measuring intervals, rates and timeouts. Unlike a {@link
 * java.time.Clock}, it never jumps when the wall clock is set (by NTP, a VM resume or an operator),
 * so a clock stepped back does not freeze a rate limiter, nor one stepped forward flood it. Lease
 * times (issue, expiry) still come from the clock.
 *
 * <p>Only differences between two readings mean anything. Tests pass a manual ticker (the testing
 * kit's {@code ManualClock} is one) so that time moves without sleeping. Implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface Ticker {

  /** Nanoseconds since an arbitrary origin; never less than an earlier reading. */
  long read();

  /** The JVM's monotonic time, {@link System#nanoTime()}. */
  static Ticker system() {
    return System::nanoTime;
  }
}
