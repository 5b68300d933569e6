package dev.lessor.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * One page of an IAM list action: {@code MaxItems} (1..1000, default 100) items after the {@code
 * Marker}, and the marker of the next page when the list is truncated.
 *
 * <p>The marker is opaque to clients (base64 of the last key returned), and the next page starts
 * after that key rather than at an index, so a page does not skip or repeat entries when others are
 * created or deleted between calls. Immutable.
 */
record Page<T>(List<T> items, boolean truncated, String nextMarker) {
  static final int DEFAULT_MAX_ITEMS = 100;

  Page {
    items = List.copyOf(items);
  }

  /** Pages {@code all} ordered by {@code key}, as the request's Marker and MaxItems ask. */
  static <T> Page<T> of(List<T> all, Function<T, String> key, QueryRequest request) {
    int maxItems = request.integer("MaxItems", DEFAULT_MAX_ITEMS, 1, 1000);
    String after = decode(request.optional("Marker"));
    List<T> remaining =
        all.stream()
            .sorted(Comparator.comparing(key))
            .filter(item -> after == null || key.apply(item).compareTo(after) > 0)
            .toList();
    if (remaining.size() <= maxItems) {
      return new Page<>(remaining, false, null);
    }
    List<T> items = remaining.subList(0, maxItems);
    return new Page<>(items, true, encode(key.apply(items.get(maxItems - 1))));
  }

  private static String encode(String key) {
    return Base64.getUrlEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String marker) {
    if (marker == null) {
      return null;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw QueryError.validation("Invalid Marker: " + marker);
    }
  }
}
