package dev.lessor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PageTest {
  private static QueryRequest request(String form) {
    return QueryRequest.parse(form);
  }

  @Test
  void of_moreItemsThanMaxItems_isTruncatedWithAMarker() {
    Page<String> page = Page.of(List.of("c", "a", "b"), Function.identity(), request("MaxItems=2"));

    assertThat(page.items()).containsExactly("a", "b");
    assertThat(page.truncated()).isTrue();
    Page<String> next =
        Page.of(
            List.of("c", "a", "b"),
            Function.identity(),
            request("MaxItems=2&Marker=" + page.nextMarker()));
    assertThat(next.items()).containsExactly("c");
    assertThat(next.truncated()).isFalse();
    assertThat(next.nextMarker()).isNull();
  }

  @Test
  void of_itemsDeletedBetweenPages_skipsNoneOfTheRest() {
    List<String> all = new ArrayList<>(List.of("a", "b", "c", "d"));
    Page<String> first = Page.of(all, Function.identity(), request("MaxItems=2"));

    all.remove("b");
    all.remove("a");
    Page<String> second =
        Page.of(all, Function.identity(), request("MaxItems=2&Marker=" + first.nextMarker()));

    assertThat(second.items()).containsExactly("c", "d");
  }

  @Test
  void of_withoutMaxItems_returnsUpTo100() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      all.add(String.format("%03d", i));
    }

    assertThat(Page.of(all, Function.identity(), request("")).items()).hasSize(100);
  }

  @Test
  void of_garbledMarker_isValidationError() {
    assertThatThrownBy(() -> Page.of(List.of("a"), Function.identity(), request("Marker=%25%25")))
        .isInstanceOf(QueryError.class)
        .hasMessage("Invalid Marker: %%")
        .satisfies(e -> assertThat(((QueryError) e).code()).isEqualTo("ValidationError"));
  }
}
