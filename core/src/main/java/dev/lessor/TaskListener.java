package dev.lessor;

/**
 * Hears of scheduled tasks that keep failing ({@link TaskEvent}); added with {@link
 * Lessor#addTaskListener}.
 *
 * <p>Called on the revocation worker that ran the task, never while Lessor holds a lock. A listener
 * that throws is logged at WARN and the other listeners still get the event.
 */
@FunctionalInterface
public interface TaskListener {
  void onTaskFailing(TaskEvent event);
}
