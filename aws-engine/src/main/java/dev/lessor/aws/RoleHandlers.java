package dev.lessor.aws;

import dev.lessor.NotFoundException;
import dev.lessor.Response;
import dev.lessor.spi.Request;
import java.util.Map;

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
    return Response.of(require(request.param("name")).publicData());
  }

  Response delete(Request request) {
    state.deleteRole(request.param("name"));
    return Response.empty();
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
