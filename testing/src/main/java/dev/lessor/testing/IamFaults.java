package dev.lessor.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Faults that {@link LocalIam} injects into the calls of one action, by action name ({@code
 * "CreateUser"}, {@code "AssumeRole"}): throttle or fail the next N calls, close the connection
 * without answering, or add latency to every call until cleared.
 *
 * <p>On each call, the latency (if any) is added first; then the first pending fault in the order
 * drop, throttle, fail is used up. A faulted call changes no state and still counts in {@link
 * LocalIam#callCount(String)}. Thread-safe: tests arm faults while clients call.
 */
public final class IamFaults {
  private final Map<String, Plan> plans = new HashMap<>();

  IamFaults() {}

  /**
   * The next {@code times} calls of {@code action} fail with HTTP 400 and code {@code Throttling}.
   */
  public synchronized IamFaults throttle(String action, int times) {
    plan(action, times).throttles += times;
    return this;
  }

  /**
   * The next {@code times} calls of {@code action} fail with {@code status}: 503 answers {@code
   * ServiceUnavailable}, any other 5xx {@code InternalFailure}.
   */
  public synchronized IamFaults fail(String action, int times, int status) {
    if (status < 500 || status > 599) {
      throw new IllegalArgumentException("status must be a 5xx server error, was " + status);
    }
    Plan plan = plan(action, times);
    plan.failures += times;
    plan.failureStatus = status;
    return this;
  }

  /** Every call of {@code action} is answered {@code latency} later, until {@link #clear()}. */
  public synchronized IamFaults latency(String action, Duration latency) {
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative, was " + latency);
    }
    plan(action, 0).latency = latency;
    return this;
  }

  /** The next {@code times} calls of {@code action} get their connection closed, unanswered. */
  public synchronized IamFaults dropConnection(String action, int times) {
    plan(action, times).drops += times;
    return this;
  }

  /** Removes every fault, pending or standing. */
  public synchronized void clear() {
    plans.clear();
  }

  private Plan plan(String action, int times) {
    Objects.requireNonNull(action, "action");
    if (times < 0) {
      throw new IllegalArgumentException("times must not be negative, was " + times);
    }
    return plans.computeIfAbsent(action, a -> new Plan());
  }

  /** What to do with one call: the latency to add, and the fault to answer with (if any). */
  record Decision(Duration latency, Kind kind, int status) {
    static final Decision NONE = new Decision(Duration.ZERO, Kind.NONE, 0);
  }

  enum Kind {
    NONE,
    DROP,
    THROTTLE,
    FAIL
  }

  /** Uses up the next fault planned for {@code action}. */
  synchronized Decision next(String action) {
    Plan plan = plans.get(action);
    if (plan == null) {
      return Decision.NONE;
    }
    if (plan.drops > 0) {
      plan.drops--;
      return new Decision(plan.latency, Kind.DROP, 0);
    }
    if (plan.throttles > 0) {
      plan.throttles--;
      return new Decision(plan.latency, Kind.THROTTLE, 400);
    }
    if (plan.failures > 0) {
      plan.failures--;
      return new Decision(plan.latency, Kind.FAIL, plan.failureStatus);
    }
    return new Decision(plan.latency, Kind.NONE, 0);
  }

  /** The error a THROTTLE or FAIL decision answers with. */
  static QueryError errorFor(Decision decision) {
    if (decision.kind() == Kind.THROTTLE) {
      return new QueryError(400, "Throttling", "Rate exceeded");
    }
    return decision.status() == 503
        ? new QueryError(503, "ServiceUnavailable", "Service is unavailable. Try again later.")
        : new QueryError(
            decision.status(), "InternalFailure", "The request processing has failed.");
  }

  private static final class Plan {
    int throttles;
    int failures;
    int failureStatus;
    int drops;
    Duration latency = Duration.ZERO;
  }
}
