package dev.lessor;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts the requests running on a Lessor or on one mount, so that {@link Lessor#close()} and an
 * unmount can refuse new ones and wait for those in flight. Thread-safe; a thread may enter again
 * while inside (a handler that calls the Lessor).
 *
 * <p>The count is striped: each thread counts in a cell of its own (by thread id, padded to its own
 * cache line), so that threads issuing leases at once do not fight over one counter. A request
 * counts itself in, then checks the closed flag; closing sets the flag, then sums the cells. Both
 * are volatile accesses, so either the request sees the flag and backs out, or the sum sees the
 * request. A thread enters and exits on the same cell, so no cell is ever below zero and a sum of
 * zero means that no request that got in is still running.
 */
final class RequestGate {
  private static final int CELLS = 16;
  private static final int STRIDE = 16; // longs: 128 bytes, two cache lines apart
  private final AtomicLongArray cells = new AtomicLongArray(CELLS * STRIDE);
  private volatile boolean closed;

  /**
   * Counts a request in.
   *
   * @throws IllegalStateException if the Lessor is closing or closed
   */
  void enter() {
    if (!tryEnter()) {
      throw new IllegalStateException("this Lessor is closed");
    }
  }

  /** Counts a request in; false (and not counted) if the gate is closed. */
  boolean tryEnter() {
    int cell = cell();
    cells.getAndIncrement(cell);
    if (closed) {
      leave(cell);
      return false;
    }
    return true;
  }

  /** Counts a request out. */
  void exit() {
    leave(cell());
  }

  private void leave(int cell) {
    cells.getAndDecrement(cell);
    if (closed) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /** Refuses new requests from now on; false if that was done already. */
  synchronized boolean close() {
    if (closed) {
      return false;
    }
    closed = true;
    return true;
  }

  /** Takes requests again (an unmount that failed). */
  synchronized void reopen() {
    closed = false;
  }

  /** Whether new requests are refused. */
  boolean isClosed() {
    return closed;
  }

  /**
   * Waits until no request runs, or until {@code deadlineNanos} of {@link System#nanoTime()}.
   *
   * @return how many requests still run (0 when all finished)
   */
  int awaitIdle(long deadlineNanos) {
    synchronized (this) {
      long running;
      while ((running = running()) != 0) {
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
      return (int) running;
    }
  }

  /** Waits, however long it takes, until no request runs; keeps the thread's interrupt. */
  void awaitIdle() {
    boolean interrupted = false;
    synchronized (this) {
      while (running() != 0) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private long running() {
    long sum = 0;
    for (int i = 0; i < CELLS; i++) {
      sum += cells.get(i * STRIDE);
    }
    return sum;
  }

  private static int cell() {
    long id = Thread.currentThread().getId();
    return (int) ((id * 0x9E3779B97F4A7C15L) >>> 60) * STRIDE; // 16 cells: the top 4 bits
  }
}
