package dev.lessor.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Faults that {@link LocalIam} injects into the calls of one action, by action name ({@code
 * "CreateUser"}, {@code "AssumeRole"}): throttle or fail the next N calls, close the connection
 * without answering (before or after acting), add latency to every call until cleared, or hide
 * entities created moments ago as IAM's eventual consistency does.
 *
 * <p>On each call, the latency (if any) is added first; then the first pending fault in the order
 * drop, act-then-drop, throttle, fail, deny is used up, so {@code actThenDrop("CreateUser", 1)}
 * with {@code throttle("CreateUser", 1)} models a create whose answer was lost and whose retry is
 * throttled. A faulted call changes no state, except an act-then-drop one, which changes it as a
 * normal call would; every call counts in {@link LocalIam#callCount(String)}. Thread-safe: tests
 * arm faults while clients call.
 *
 * <h2>Eventual consistency</h2>
 *
 * <p>IAM answers {@code NoSuchEntity} for a while to calls that name something created moments ago,
 * and a retry later succeeds. {@link #invisibleFor(String, Duration)} models that for one action,
 * {@link #consistencyWindow(Duration)} for every IAM action: a call names a user by {@code
 * UserName}, an access key by {@code AccessKeyId}, a managed policy by {@code PolicyArn} or {@code
 * PermissionsBoundary}, and a group by {@code GroupName}; when the named entity was created less
 * than the window ago, measured with LocalIam's clock ({@link LocalIam.Builder#clock}), the call
 * answers {@code NoSuchEntity} with IAM's wording and changes nothing. Listings do not name what
 * they list, so {@code ListUsers} shows a new user while {@code ListAccessKeys} of that user may
 * not find it. A new key refusing to sign is {@link LocalIam.Builder#keyActivationDelay}.
 */
public final class IamFaults {
  private final Map<String, Plan> plans = new HashMap<>();
  private final Map<String, Duration> invisibility = new HashMap<>();
  private Duration consistencyWindow = Duration.ZERO;

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

  /**
   * The next {@code times} calls of {@code action} are refused with HTTP 403 and code {@code
   * AccessDenied}, before acting: an error that no client retries, as when a policy changed.
   */
  public synchronized IamFaults deny(String action, int times) {
    plan(action, times).denials += times;
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

  /**
   * The next {@code times} calls of {@code action} are carried out (a create creates, a delete
   * deletes), then their connection is closed before the answer is sent: the client sees the same
   * error as for {@link #dropConnection}, but the call took effect, as when a response is lost on
   * the network. A retry by the client then meets what the first call did (EntityAlreadyExists, a
   * second access key, NoSuchEntity on a delete).
   */
  public synchronized IamFaults actThenDrop(String action, int times) {
    plan(action, times).actThenDrops += times;
    return this;
  }

  /**
   * Calls of {@code action} that name a user, access key, managed policy or group created less than
   * {@code window} ago answer {@code NoSuchEntity}, until {@link #clear()}. Overrides {@link
   * #consistencyWindow} for this action; {@link Duration#ZERO} makes this action see everything at
   * once.
   */
  public synchronized IamFaults invisibleFor(String action, Duration window) {
    Objects.requireNonNull(action, "action");
    invisibility.put(action, window("window", window));
    return this;
  }

  /**
   * Every IAM action that names a user, access key, managed policy or group created less than
   * {@code window} ago answers {@code NoSuchEntity}, unless {@link #invisibleFor} set the action's
   * own window; until {@link #clear()}. STS actions are not affected.
   */
  public synchronized IamFaults consistencyWindow(Duration window) {
    this.consistencyWindow = window("window", window);
    return this;
  }

  /** Removes every fault, pending or standing, and every consistency window. */
  public synchronized void clear() {
    plans.clear();
    invisibility.clear();
    consistencyWindow = Duration.ZERO;
  }

  /** How long after their creation the entities a call of {@code action} names stay hidden. */
  synchronized Duration invisibility(String action) {
    return invisibility.getOrDefault(action, consistencyWindow);
  }

  private static Duration window(String name, Duration window) {
    Objects.requireNonNull(window, name);
    if (window.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + window);
    }
    return window;
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
    ACT_THEN_DROP,
    THROTTLE,
    FAIL,
    DENY
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
    if (plan.actThenDrops > 0) {
      plan.actThenDrops--;
      return new Decision(plan.latency, Kind.ACT_THEN_DROP, 0);
    }
    if (plan.throttles > 0) {
      plan.throttles--;
      return new Decision(plan.latency, Kind.THROTTLE, 400);
    }
    if (plan.failures > 0) {
      plan.failures--;
      return new Decision(plan.latency, Kind.FAIL, plan.failureStatus);
    }
    if (plan.denials > 0) {
      plan.denials--;
      return new Decision(plan.latency, Kind.DENY, 403);
    }
    return new Decision(plan.latency, Kind.NONE, 0);
  }

  /** The error a THROTTLE, FAIL or DENY decision answers with. */
  static QueryError errorFor(Decision decision) {
    if (decision.kind() == Kind.DENY) {
      return QueryError.accessDenied("User is not authorized to perform this action (injected)");
    }
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
    int actThenDrops;
    int denials;
    Duration latency = Duration.ZERO;
  }
}
