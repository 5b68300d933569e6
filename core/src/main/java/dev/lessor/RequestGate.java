package dev.lessor;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the requests running on a Lessor, so that {@link Lessor#close()} can refuse new ones and
 * wait for those in flight, as an unmount does with its mount's gate. Entering is one CAS, so the
 * request path stays cheap. Thread-safe; a thread may enter again while inside (a handler that
 * calls the Lessor).
 */
final class RequestGate {
  private static final int CLOSED = 1 << 30;
  private final AtomicInteger state = new AtomicInteger();

  /**
   * Counts a request in.
   *
   * @throws IllegalStateException if the Lessor is closing or closed
   */
  void enter() {
    while (true) {
      int s = state.get();
      if ((s & CLOSED) != 0) {
        throw new IllegalStateException("this Lessor is closed");
      }
      if (state.compareAndSet(s, s + 1)) {
        return;
      }
    }
  }

  /** Counts a request out. */
  void exit() {
    if (state.decrementAndGet() == CLOSED) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /** Refuses new requests from now on; false if that was done already. */
  boolean close() {
    while (true) {
      int s = state.get();
      if ((s & CLOSED) != 0) {
        return false;
      }
      if (state.compareAndSet(s, s | CLOSED)) {
        return true;
      }
    }
  }

  /**
   * Waits until no request runs, or until {@code deadlineNanos} of {@link System#nanoTime()}.
   *
   * @return how many requests still run (0 when all finished)
   */
  int awaitIdle(long deadlineNanos) {
    synchronized (this) {
      while (state.get() != CLOSED) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return state.get() & ~CLOSED;
  }
}
