package dev.lessor.aws;

import dev.lessor.InvalidRequestException;
import dev.lessor.NotFoundException;
import dev.lessor.Response;
import dev.lessor.RetryLaterException;
import dev.lessor.SecretValue;
import dev.lessor.engine.Request;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code static-roles/{name}} (READ, WRITE, DELETE), {@code static-roles/} (LIST) and {@code
 * static-creds/{name}} (READ). A write checks that the user exists and (re)schedules the role's
 * rotation task at once from the stored state, so that a changed {@code rotation_period} counts
 * from the last rotation, not from the end of the old period. A delete stops the rotation and
 * leaves the user and its keys alone. Thread-safe.
 */
final class StaticRoleHandlers {
  static final String TASK_PREFIX = "static-roles/";

  private final MountState state;
  private final StaticRoleStore roles;

  StaticRoleHandlers(MountState state, StaticRoleStore roles) {
    this.state = state;
    this.roles = roles;
  }

  Response write(Request request) {
    StaticRole role = StaticRole.parse(request.param("name"), request);
    requireUser(role);
    roles.putRole(role);
    Instant now = state.clock().instant();
    Instant due = roles.keys(role).nextWake(role, now);
    state.tasks().schedule(TASK_PREFIX + role.name(), due);
    return Response.empty();
  }

  private void requireUser(StaticRole role) {
    try (StaticRoleAccess access = StaticRoleAccess.open(state, role)) {
      access.iam().getUser(r -> r.userName(role.username()));
    } catch (SdkException e) {
      if (AwsErrors.isNoSuchEntity(e)) {
        throw new InvalidRequestException(
            "username", "names IAM user '" + role.username() + "', which does not exist");
      }
      throw AwsErrors.translate("static-roles/" + role.name() + ": GetUser " + role.username(), e);
    }
  }

  Response read(Request request) {
    Fields.requireKnown(request, Set.of());
    StaticRole role = require(validName(request));
    Map<String, Object> out = new LinkedHashMap<>(role.publicData());
    StaticKeys keys = roles.keys(role);
    if (keys.lastRotation() != null) {
      out.put("last_rotation", keys.lastRotation().toString());
    }
    return Response.of(out);
  }

  Response delete(Request request) {
    String name = validName(request);
    state.tasks().cancel(TASK_PREFIX + name);
    roles.delete(name);
    return Response.empty();
  }

  Response list(Request request) {
    return Response.of(Map.of("keys", roles.names()));
  }

  /** {@code static-creds/{name}}: the current key; no lease, the key belongs to the user. */
  Response creds(Request request) {
    Fields.requireKnown(request, Set.of());
    StaticRole role = require(validName(request));
    StaticKeys keys = roles.keys(role);
    Instant now = state.clock().instant();
    if (keys.currentKeyId() == null) {
      Instant due = state.tasks().dueTime(TASK_PREFIX + role.name()).orElse(now);
      throw new RetryLaterException(
          "static role '"
              + role.name()
              + "' has no key yet: its first rotation is due at "
              + due
              + "; read again once it ran",
          due.isAfter(now) ? due : now);
    }
    SecretValue secret = keys.currentSecret();
    return Response.builder()
        .put("access_key", keys.currentKeyId())
        .put("secret_key", secret)
        .put("expiration", keys.rotationDue(role, now).toString())
        .build();
  }

  private StaticRole require(String name) {
    return roles
        .role(name)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "no static role '" + name + "' at " + state.mountPath() + "static-roles/"));
  }

  private static String validName(Request request) {
    return Fields.iamName("name", request.param("name"), 64);
  }
}
