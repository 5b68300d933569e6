package dev.lessor.aws;

import dev.lessor.NotFoundException;
import dev.lessor.Response;
import dev.lessor.engine.Request;
import java.util.Map;
import java.util.Set;

/**
 * {@code roles/{name}} (READ, WRITE, DELETE) and {@code roles/} (LIST). Deleting a role leaves its
 * leases alone: they are revoked at their expiry as usual. Thread-safe.
 */
final class RoleHandlers {
  private final MountState state;

  RoleHandlers(MountState state) {
    this.state = state;
  }

  Response write(Request request) {
    state.putRole(RoleParser.parse(request.param("name"), request));
    return Response.empty();
  }

  Response read(Request request) {
    Fields.requireKnown(request, Set.of());
    return Response.of(require(validName(request)).publicData());
  }

  Response delete(Request request) {
    state.deleteRole(validName(request));
    return Response.empty();
  }

  /** The role name of the path, checked as a write checks it: no such name can exist. */
  private static String validName(Request request) {
    return Fields.iamName("name", request.param("name"), 64);
  }

  Response list(Request request) {
    return Response.of(Map.of("keys", state.roleNames()));
  }

  RoleEntry require(String name) {
    return state
        .role(name)
        .orElseThrow(
            () ->
                new NotFoundException("no role '" + name + "' at " + state.mountPath() + "roles/"));
  }
}
