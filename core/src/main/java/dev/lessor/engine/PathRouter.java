package dev.lessor.engine;

import dev.lessor.InvalidRequestException;
import dev.lessor.NotFoundException;
import dev.lessor.OperationNotSupportedException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The paths of an engine and the handler for each operation on them. The only place that parses
 * engine-relative paths.
 *
 * <p>A pattern is made of {@code /}-separated segments; a segment {@code {name}} matches any one
 * non-empty segment other than {@code .} and {@code ..} (refused with an {@link
 * InvalidRequestException} naming the segment) and is handed to the handler as {@link
 * Request#param(String)}. A pattern ending in {@code /} is a directory, for LIST ({@code roles/});
 * a LIST request matches it with or without the trailing slash. Literal patterns win over ones with
 * named segments. Immutable and thread-safe once built.
 */
public final class PathRouter {
  private final List<PathPattern> patterns;

  private PathRouter(List<PathPattern> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  /** A builder for a router. */
  public static Builder builder() {
    return new Builder();
  }

  /** The patterns, in the order they were declared. */
  public List<String> patterns() {
    return patterns.stream().map(PathPattern::text).toList();
  }

  /**
   * Finds the handler for {@code operation} on {@code path}.
   *
   * @throws NotFoundException if no pattern matches; the message lists the engine's paths
   * @throws OperationNotSupportedException if a pattern matches but not for this operation
   */
  public Route route(Operation operation, String path) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(path, "path");
    String lookup = operation == Operation.LIST && !path.endsWith("/") ? path + "/" : path;
    PathPattern found = null;
    String[] values = null;
    for (PathPattern pattern : patterns) {
      String[] match = pattern.match(lookup);
      if (match != null && (found == null || pattern.rank(operation) > found.rank(operation))) {
        found = pattern;
        values = match;
      }
    }
    if (found == null) {
      throw new NotFoundException(
          "no path '" + path + "' in this engine; its paths are " + patterns());
    }
    RequestHandler handler = found.handlers.get(operation);
    if (handler == null) {
      throw new OperationNotSupportedException(
          "path '"
              + path
              + "' supports "
              + found.handlers.keySet().stream().map(Enum::name).collect(Collectors.joining(", "))
              + ", not "
              + operation);
    }
    for (int i = 0; i < values.length; i++) {
      if (values[i].equals(".") || values[i].equals("..")) {
        throw new InvalidRequestException(
            found.names[i], "must not be '.' or '..' (in path '" + path + "')");
      }
    }
    return new Route(found.text(), handler, found.params(values));
  }

  /**
   * A matched route.
   *
   * @param pattern the pattern that matched, such as {@code roles/{name}}
   * @param handler the handler for the operation
   * @param params the values of the named segments
   */
  public record Route(String pattern, RequestHandler handler, Map<String, String> params) {
    public Route {
      Objects.requireNonNull(pattern, "pattern");
      Objects.requireNonNull(handler, "handler");
      params = Map.copyOf(params);
    }
  }

  /** Declares paths and handlers. Not thread-safe. */
  public static final class Builder {
    private final Map<String, PathPattern> patterns = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Handles {@code operation} on {@code pattern}; a second handler for the same pair is an error.
     */
    public Builder on(Operation operation, String pattern, RequestHandler handler) {
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(handler, "handler");
      PathPattern p = patterns.computeIfAbsent(pattern, PathPattern::parse);
      if (p.handlers.putIfAbsent(operation, handler) != null) {
        throw new IllegalArgumentException(operation + " on '" + pattern + "' is declared twice");
      }
      return this;
    }

    public Builder read(String pattern, RequestHandler handler) {
      return on(Operation.READ, pattern, handler);
    }

    public Builder write(String pattern, RequestHandler handler) {
      return on(Operation.WRITE, pattern, handler);
    }

    public Builder list(String pattern, RequestHandler handler) {
      return on(Operation.LIST, pattern, handler);
    }

    public Builder delete(String pattern, RequestHandler handler) {
      return on(Operation.DELETE, pattern, handler);
    }

    public PathRouter build() {
      if (patterns.isEmpty()) {
        throw new IllegalStateException("a router needs at least one path");
      }
      return new PathRouter(new ArrayList<>(patterns.values()));
    }
  }

  private static final class PathPattern {
    private final String text;
    private final String[] segments;
    private final boolean literal;
    private final String[] names; // of the named segments, in order
    private final Map<Operation, RequestHandler> handlers = new EnumMap<>(Operation.class);

    private PathPattern(String text, String[] segments, boolean literal) {
      this.text = text;
      this.segments = segments;
      this.literal = literal;
      List<String> named = new ArrayList<>();
      for (String s : segments) {
        if (s.startsWith("{")) {
          named.add(s.substring(1, s.length() - 1));
        }
      }
      this.names = named.toArray(new String[0]);
    }

    static PathPattern parse(String text) {
      Objects.requireNonNull(text, "pattern");
      if (text.isEmpty() || text.startsWith("/") || text.contains("//")) {
        throw new IllegalArgumentException(
            "pattern '" + text + "' must be non-empty, relative and have no empty segment");
      }
      String[] segments = text.split("/", -1);
      boolean literal = true;
      for (int i = 0; i < segments.length; i++) {
        String s = segments[i];
        boolean named = s.startsWith("{") && s.endsWith("}") && s.length() > 2;
        boolean last = i == segments.length - 1;
        if (s.isEmpty() && !last || (s.contains("{") || s.contains("}")) && !named) {
          throw new IllegalArgumentException("pattern '" + text + "' has a malformed segment");
        }
        literal &= !named;
      }
      return new PathPattern(text, segments, literal);
    }

    String text() {
      return text;
    }

    /** Prefers a pattern that supports the operation, then a literal one. */
    int rank(Operation operation) {
      return (handlers.containsKey(operation) ? 2 : 0) + (literal ? 1 : 0);
    }

    /**
     * The values of the named segments if {@code path} matches, else null. Walks the path in place
     * (no split, no map): it runs for every pattern on every request.
     */
    String[] match(String path) {
      String[] values = new String[names.length];
      int named = 0;
      int from = 0;
      for (int i = 0; i < segments.length; i++) {
        boolean last = i == segments.length - 1;
        int slash = path.indexOf('/', from);
        if (last ? slash >= 0 : slash < 0) {
          return null; // more or fewer segments than the pattern
        }
        int end = last ? path.length() : slash;
        String s = segments[i];
        if (s.startsWith("{")) {
          if (end == from) {
            return null;
          }
          values[named++] = path.substring(from, end);
        } else if (s.length() != end - from || !path.startsWith(s, from)) {
          return null;
        }
        from = end + 1;
      }
      return values;
    }

    Map<String, String> params(String[] values) {
      if (values.length == 0) {
        return Map.of();
      }
      if (values.length == 1) {
        return Map.of(names[0], values[0]);
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 0; i < values.length; i++) {
        params.put(names[i], values[i]);
      }
      return params;
    }
  }
}
