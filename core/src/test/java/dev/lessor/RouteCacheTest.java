package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.engine.Operation;
import dev.lessor.engine.PathRouter;
import org.junit.jupiter.api.Test;

class RouteCacheTest {
  private final PathRouter router =
      PathRouter.builder()
          .read("creds/{name}", r -> Response.empty())
          .list("roles/", r -> Response.empty())
          .build();
  private final RouteCache routes = new RouteCache("aws/", router);

  @Test
  void resolve_samePathTwice_returnsTheRememberedRoute() {
    RouteCache.Resolved first = routes.resolve(Operation.READ, "aws/creds/deploy");
    RouteCache.Resolved second = routes.resolve(Operation.READ, "aws/creds/deploy");

    assertThat(second).isSameAs(first);
    assertThat(first.relative()).isEqualTo("creds/deploy");
    assertThat(first.requestPath()).isEqualTo("aws/creds/deploy");
    assertThat(first.route().params()).containsEntry("name", "deploy");
  }

  @Test
  void resolve_trailingSlash_recordsThePathWithoutIt() {
    RouteCache.Resolved resolved = routes.resolve(Operation.LIST, "aws/roles/");

    assertThat(resolved.relative()).isEqualTo("roles/");
    assertThat(resolved.requestPath()).isEqualTo("aws/roles");
  }

  @Test
  void resolve_sameStringOtherOperation_isRoutedForThatOperation() {
    routes.resolve(Operation.READ, "aws/creds/deploy");

    assertThatThrownBy(() -> routes.resolve(Operation.DELETE, "aws/creds/deploy"))
        .isInstanceOf(OperationNotSupportedException.class);
  }

  @Test
  void resolve_unknownPath_failsEveryTime() {
    assertThatThrownBy(() -> routes.resolve(Operation.READ, "aws/nope"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> routes.resolve(Operation.READ, "aws/nope"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void resolve_pastTheBound_routesEachTimeWithoutKeeping() {
    for (int i = 0; i < RouteCache.MAX; i++) {
      routes.resolve(Operation.READ, "aws/creds/r" + i);
    }

    RouteCache.Resolved first = routes.resolve(Operation.READ, "aws/creds/late");
    RouteCache.Resolved second = routes.resolve(Operation.READ, "aws/creds/late");

    assertThat(second).isNotSameAs(first).isEqualTo(first);
    assertThat(routes.resolve(Operation.READ, "aws/creds/r0"))
        .isSameAs(routes.resolve(Operation.READ, "aws/creds/r0"));
  }
}
