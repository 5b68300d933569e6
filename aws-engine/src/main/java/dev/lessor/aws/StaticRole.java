package dev.lessor.aws;

import dev.lessor.InvalidRequestException;
import dev.lessor.engine.Request;
import dev.lessor.internal.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * A static role ({@code static-roles/{name}}): an existing IAM user whose access key Lessor
 * rotates. Parsed from a WRITE, rejecting bad values naming the field. Immutable.
 *
 * @param name the role name
 * @param username the IAM user whose key is rotated
 * @param rotationPeriod how often the key is rotated, at least {@link #MIN_PERIOD}
 * @param overlap how long the previous key keeps working after a rotation, shorter than the period
 * @param assumeRoleArn the role to assume for the IAM calls (a user in another account), or null
 * @param sessionName the session name when assuming it, or null for a generated one
 * @param externalId the external id when assuming it, or null
 */
record StaticRole(
    String name,
    String username,
    Duration rotationPeriod,
    Duration overlap,
    String assumeRoleArn,
    String sessionName,
    String externalId) {

  static final Duration MIN_PERIOD = Duration.ofMinutes(1);
  static final Duration DEFAULT_OVERLAP = Duration.ofMinutes(5);
  static final Set<String> FIELDS =
      Set.of(
          "username",
          "rotation_period",
          "rotation_overlap",
          "assume_role_arn",
          "assume_role_session_name",
          "external_id");
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\x21-\\x7E]+");
  private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");

  StaticRole {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(rotationPeriod, "rotationPeriod");
    Objects.requireNonNull(overlap, "overlap");
  }

  static StaticRole parse(String name, Request request) {
    Fields.iamName("name", name, 64);
    Fields.requireKnown(request, FIELDS);
    String username =
        request
            .string("username")
            .orElseThrow(() -> new InvalidRequestException("username", "is required"));
    Fields.iamName("username", username, 64);
    Duration period =
        request
            .duration("rotation_period")
            .orElseThrow(
                () -> new InvalidRequestException("rotation_period", "is required, such as 24h"));
    if (period.compareTo(MIN_PERIOD) < 0) {
      throw new InvalidRequestException("rotation_period", "must be at least 1m");
    }
    Duration half = period.dividedBy(2);
    Duration overlap =
        request
            .duration("rotation_overlap")
            .orElse(DEFAULT_OVERLAP.compareTo(half) < 0 ? DEFAULT_OVERLAP : half);
    if (overlap.compareTo(period) >= 0) {
      throw new InvalidRequestException(
          "rotation_overlap", "must be shorter than rotation_period (" + period + ")");
    }
    String arn = request.string("assume_role_arn").orElse(null);
    if (arn != null && !ROLE_ARN.matcher(arn).matches()) {
      throw new InvalidRequestException("assume_role_arn", "must be an IAM role ARN");
    }
    String session = request.string("assume_role_session_name").orElse(null);
    String externalId = request.string("external_id").orElse(null);
    if (arn == null && (session != null || externalId != null)) {
      throw new InvalidRequestException(
          session != null ? "assume_role_session_name" : "external_id",
          "applies only with assume_role_arn");
    }
    if (session != null && (session.length() < 2 || session.length() > 64)) {
      throw new InvalidRequestException(
          "assume_role_session_name", "must be 2 to 64 characters of letters, digits and +=,.@_-");
    }
    if (session != null) {
      Fields.iamName("assume_role_session_name", session, 64);
    }
    if (externalId != null && !EXTERNAL_ID.matcher(externalId).matches()) {
      throw new InvalidRequestException(
          "external_id", "must be 2 to 1224 characters of letters, digits and +=,.@:/_-");
    }
    return new StaticRole(name, username, period, overlap, arn, session, externalId);
  }

  /** What {@code static-roles/{name}} READ returns. */
  Map<String, Object> publicData() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("username", username);
    out.put("rotation_period", Durations.format(rotationPeriod));
    out.put("rotation_overlap", Durations.format(overlap));
    out.put("assume_role_arn", assumeRoleArn);
    out.put("assume_role_session_name", sessionName);
    out.put("external_id", externalId);
    return out;
  }

  byte[] encode() {
    Map<String, Object> fields = new LinkedHashMap<>(publicData());
    fields.put("rotation_period", rotationPeriod.toMillis());
    fields.put("rotation_overlap", overlap.toMillis());
    return Json.write(fields);
  }

  static StaticRole decode(String name, byte[] bytes) {
    JsonNode node = Json.parse(bytes);
    return new StaticRole(
        name,
        Json.string(node, "username", ""),
        Duration.ofMillis(Json.number(node, "rotation_period", MIN_PERIOD.toMillis())),
        Duration.ofMillis(Json.number(node, "rotation_overlap", 0)),
        Json.string(node, "assume_role_arn"),
        Json.string(node, "assume_role_session_name"),
        Json.string(node, "external_id"));
  }
}
