package dev.lessor.testing;

import dev.lessor.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} driven by a {@link ManualClock}: a task runs when a test advances the clock
 * past its due time, on the test's thread, in due-time order. Delays are measured on the clock's
 * monotonic ticker, as a real scheduler measures them, so a {@link ManualClock#stepWallClock wall
 * clock step} does not move them. Together with a direct revocation executor ({@code
 * Runnable::run}) it makes a Lessor's expiry fully deterministic:
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * Lessor lessor = Lessor.builder()
 *     .clock(clock)
 *     .scheduler(new ManualScheduler(clock))
 *     .revocationExecutor(Runnable::run)
 *     .build();
 * ...
 * clock.advance(Duration.ofHours(1));   // every lease due by now is revoked before this returns
 * }</pre>
 *
 * Thread-safe.
 */
public final class ManualScheduler implements Scheduler {
  private final ManualClock clock;
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private long sequence;

  /** A scheduler that runs its tasks when {@code clock} moves. */
  public ManualScheduler(ManualClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    clock.onAdvance(this::runDue);
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    Objects.requireNonNull(task, "task");
    Task scheduled;
    synchronized (tasks) {
      scheduled = new Task(saturatedAdd(clock.read(), nanos(delay)), sequence++, task);
      tasks.add(scheduled);
    }
    return () -> {
      synchronized (tasks) {
        tasks.remove(scheduled);
      }
    };
  }

  /** Runs every task due by the clock's time, including tasks those tasks schedule as due. */
  public void runDue() {
    while (true) {
      Task next;
      synchronized (tasks) {
        next = tasks.peek();
        if (next == null || next.due > clock.read()) {
          return;
        }
        tasks.poll();
      }
      next.task.run();
    }
  }

  /** How many tasks wait to run. */
  public int pending() {
    synchronized (tasks) {
      return tasks.size();
    }
  }

  /**
   * The due times of the waiting tasks on the clock's wall time as it reads now, earliest first.
   */
  public List<Instant> dueTimes() {
    synchronized (tasks) {
      Instant wall = clock.instant();
      long now = clock.read();
      List<Instant> out = new ArrayList<>();
      tasks.stream().sorted().forEach(t -> out.add(wall.plusNanos(t.due - now)));
      return out;
    }
  }

  private static long nanos(Duration delay) {
    try {
      return Math.max(0, delay.toNanos());
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE; // centuries away: never, in a test
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  /**
   * @param due the clock's ticker reading at which the task is due
   */
  private record Task(long due, long sequence, Runnable task) implements Comparable<Task> {
    @Override
    public int compareTo(Task other) {
      int byDue = Long.compare(due, other.due);
      return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
    }
  }
}
