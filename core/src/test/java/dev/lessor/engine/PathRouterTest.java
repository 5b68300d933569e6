package dev.lessor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.NotFoundException;
import dev.lessor.OperationNotSupportedException;
import dev.lessor.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathRouterTest {
  private final RequestHandler config = r -> Response.of(Map.of("h", "config"));
  private final RequestHandler role = r -> Response.of(Map.of("h", "role"));
  private final RequestHandler roles = r -> Response.of(Map.of("h", "roles"));
  private final PathRouter router =
      PathRouter.builder()
          .read("config/root", config)
          .write("config/root", config)
          .read("roles/{name}", role)
          .delete("roles/{name}", role)
          .list("roles/", roles)
          .read("roles/special", config)
          .build();

  @Test
  void route_namedSegment_capturesValue() {
    PathRouter.Route route = router.route(Operation.READ, "roles/my-role");

    assertThat(route.pattern()).isEqualTo("roles/{name}");
    assertThat(route.params()).containsExactly(Map.entry("name", "my-role"));
    assertThat(route.handler()).isSameAs(role);
  }

  @Test
  void route_literalWinsOverNamed() {
    assertThat(router.route(Operation.READ, "roles/special").handler()).isSameAs(config);
    assertThat(router.route(Operation.DELETE, "roles/special").handler()).isSameAs(role);
  }

  @Test
  void route_list_matchesWithOrWithoutSlash() {
    assertThat(router.route(Operation.LIST, "roles").handler()).isSameAs(roles);
    assertThat(router.route(Operation.LIST, "roles/").handler()).isSameAs(roles);
  }

  @Test
  void route_unknownPath_listsPaths() {
    assertThatThrownBy(() -> router.route(Operation.READ, "roles/a/b"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "no path 'roles/a/b' in this engine; its paths are [config/root, roles/{name}, roles/,"
                + " roles/special]");
    assertThatThrownBy(() -> router.route(Operation.READ, "roles/"))
        .isInstanceOf(OperationNotSupportedException.class)
        .hasMessage("path 'roles/' supports LIST, not READ");
  }

  @Test
  void route_unsupportedOperation_saysWhatIsSupported() {
    assertThatThrownBy(() -> router.route(Operation.DELETE, "config/root"))
        .isInstanceOf(OperationNotSupportedException.class)
        .hasMessage("path 'config/root' supports READ, WRITE, not DELETE");
  }

  @Test
  void builder_rejectsDuplicatesAndMalformedPatterns() {
    assertThatThrownBy(() -> PathRouter.builder().read("a", config).read("a", config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("READ on 'a' is declared twice");
    assertThatThrownBy(() -> PathRouter.builder().read("a/{x", config))
        .hasMessage("pattern 'a/{x' has a malformed segment");
    assertThatThrownBy(() -> PathRouter.builder().read("/a", config))
        .hasMessage("pattern '/a' must be non-empty, relative and have no empty segment");
    assertThatThrownBy(() -> PathRouter.builder().build())
        .hasMessage("a router needs at least one path");
  }
}
