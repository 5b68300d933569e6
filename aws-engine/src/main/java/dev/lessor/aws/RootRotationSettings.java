package dev.lessor.aws;

import dev.lessor.InvalidRequestException;
import dev.lessor.engine.Request;
import dev.lessor.internal.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * When the root credentials rotate by themselves: every {@code rotation_period}, or at the moments
 * of {@code rotation_schedule} (cron, UTC) within {@code rotation_window} after each; neither, or
 * {@code disable_automated_rotation}, means only on demand ({@code config/rotate-root}). Part of a
 * {@code config/root} write, stored apart from the root config. Immutable.
 *
 * @param period the rotation period, or null
 * @param schedule the cron expression, or null
 * @param window how long after a scheduled moment a rotation may still start, or null (no bound)
 * @param disabled whether automated rotation is off
 */
record RootRotationSettings(Duration period, String schedule, Duration window, boolean disabled) {

  static final Set<String> FIELDS =
      Set.of(
          "rotation_period", "rotation_schedule", "rotation_window", "disable_automated_rotation");
  static final Duration MIN = Duration.ofMinutes(1);

  static RootRotationSettings none() {
    return new RootRotationSettings(null, null, null, false);
  }

  /** Reads the rotation fields of a {@code config/root} write; {@code hasKey}: a static key. */
  static RootRotationSettings parse(Request request, boolean hasKey) {
    Duration period = request.duration("rotation_period").orElse(null);
    String schedule = request.string("rotation_schedule").filter(s -> !s.isBlank()).orElse(null);
    Duration window = request.duration("rotation_window").orElse(null);
    boolean disabled = request.bool("disable_automated_rotation").orElse(false);
    if (period != null && schedule != null) {
      throw new InvalidRequestException(
          "rotation_period", "and rotation_schedule exclude each other; give one");
    }
    if (period != null && period.compareTo(MIN) < 0) {
      throw new InvalidRequestException("rotation_period", "must be at least 1m");
    }
    if (schedule != null) {
      CronSchedule.parse(schedule);
    }
    if (window != null && schedule == null) {
      throw new InvalidRequestException("rotation_window", "applies only with rotation_schedule");
    }
    if (window != null && window.compareTo(MIN) < 0) {
      throw new InvalidRequestException("rotation_window", "must be at least 1m");
    }
    if ((period != null || schedule != null) && !hasKey) {
      throw new InvalidRequestException(
          period != null ? "rotation_period" : "rotation_schedule",
          "needs a static access_key in config/root to rotate");
    }
    return new RootRotationSettings(period, schedule, window, disabled);
  }

  /** Whether rotations happen without being asked for. */
  boolean automated() {
    return !disabled && (period != null || schedule != null);
  }

  /**
   * When the next rotation is due; empty when not automated. A period counts from the last rotation
   * ({@code last}), or from {@code since} (when the settings were written) before the first; a
   * schedule's next moment comes after both, so that a moment skipped (its window missed, {@code
   * since} moved past it) is not due again.
   */
  Optional<Instant> nextDue(Instant last, Instant since) {
    if (!automated()) {
      return Optional.empty();
    }
    if (period != null) {
      return Optional.of((last != null ? last : since).plus(period));
    }
    Instant after = last != null && last.isAfter(since) ? last : since;
    return CronSchedule.parse(schedule).next(after);
  }

  /** Whether a rotation due at {@code due} may still start at {@code now}. */
  boolean withinWindow(Instant due, Instant now) {
    return schedule == null || window == null || !now.isAfter(due.plus(window));
  }

  /** The fields as {@code config/root} READ shows them. */
  Map<String, Object> publicData() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rotation_period", period == null ? null : Durations.format(period));
    out.put("rotation_schedule", schedule);
    out.put("rotation_window", window == null ? null : Durations.format(window));
    out.put("disable_automated_rotation", disabled);
    return out;
  }

  byte[] encode() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rotation_period", period == null ? null : period.toMillis());
    out.put("rotation_schedule", schedule);
    out.put("rotation_window", window == null ? null : window.toMillis());
    out.put("disable_automated_rotation", disabled);
    return Json.write(out);
  }

  static RootRotationSettings decode(byte[] bytes) {
    JsonNode node = Json.parse(bytes);
    long period = Json.number(node, "rotation_period", -1);
    long window = Json.number(node, "rotation_window", -1);
    return new RootRotationSettings(
        period < 0 ? null : Duration.ofMillis(period),
        Json.string(node, "rotation_schedule"),
        window < 0 ? null : Duration.ofMillis(window),
        Json.bool(node, "disable_automated_rotation"));
  }
}
