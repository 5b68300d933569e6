package dev.lessor.engine;

import dev.lessor.InvalidRequestException;
import dev.lessor.SecretValue;
import dev.lessor.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request as an engine sees it: the operation, the path relative to the mount, the values of the
 * path's {@code {name}} segments, and the caller's data.
 *
 * <p>The typed getters read the data leniently, the way CLI users write it ({@code "true"} for a
 * boolean, {@code "1h"} or {@code 3600} for a duration, {@code "a,b"} or a list for a list), and
 * throw {@link InvalidRequestException} naming the field when a value does not fit. Immutable apart
 * from {@link #beginLease}; handle it on one thread.
 */
public final class Request {
  private final Operation operation;
  private final String path;
  private final Map<String, String> params;
  private final Map<String, Object> data;
  private final LeaseIssuer issuer;

  /**
   * @param operation what the request does
   * @param path the path relative to the mount, such as {@code creds/my-role}
   * @param params values of the path's named segments, such as {@code name=my-role}
   * @param data the caller's data; null values are allowed and mean "absent"
   * @param issuer records pending leases for this request
   */
  public Request(
      Operation operation,
      String path,
      Map<String, String> params,
      Map<String, ?> data,
      LeaseIssuer issuer) {
    this.operation = Objects.requireNonNull(operation, "operation");
    this.path = Objects.requireNonNull(path, "path");
    this.params = Map.copyOf(params);
    // copied, since the caller may change its map later; nothing to copy for the usual empty one
    this.data =
        data.isEmpty()
            ? java.util.Collections.emptyMap()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    this.issuer = Objects.requireNonNull(issuer, "issuer");
  }

  public Operation operation() {
    return operation;
  }

  public String path() {
    return path;
  }

  /** The value of a named path segment, such as {@code name} in {@code roles/{name}}. */
  public String param(String name) {
    String value = params.get(name);
    if (value == null) {
      throw new IllegalArgumentException("the path pattern has no segment {" + name + "}");
    }
    return value;
  }

  /** The caller's data, unmodifiable. */
  public Map<String, Object> data() {
    return data;
  }

  /** Whether the caller gave {@code field} a non-null value. */
  public boolean has(String field) {
    return data.get(field) != null;
  }

  /**
   * Records a pending lease for this request, durably, before the engine creates anything. See
   * {@link SecretsEngine} for the protocol.
   *
   * @param internal what revocation will need (resource names and ids); never a secret value
   */
  public PendingLease beginLease(LeaseTerms terms, Map<String, String> internal) {
    return issuer.begin(terms, internal);
  }

  /** The string value of {@code field}, if given. Numbers and booleans are turned into text. */
  public Optional<String> string(String field) {
    Object value = data.get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof SecretValue secret) {
      return Optional.of(secret.reveal());
    }
    if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean) {
      return Optional.of(value.toString());
    }
    throw new InvalidRequestException(field, "must be a string");
  }

  /** The string value of {@code field}; an error naming it when it is absent or blank. */
  public String requireString(String field) {
    return string(field)
        .filter(s -> !s.isBlank())
        .orElseThrow(() -> new InvalidRequestException(field, "is required"));
  }

  /** {@code field} as a boolean: {@code true}/{@code false} or a Boolean. */
  public Optional<Boolean> bool(String field) {
    Object value = data.get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Boolean b) {
      return Optional.of(b);
    }
    String text = value.toString().trim().toLowerCase(java.util.Locale.ROOT);
    return switch (text) {
      case "true", "1", "yes" -> Optional.of(true);
      case "false", "0", "no" -> Optional.of(false);
      default -> throw new InvalidRequestException(field, "must be true or false");
    };
  }

  /** {@code field} as an integer. */
  public Optional<Integer> integer(String field) {
    Object value = data.get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Integer i) {
      return Optional.of(i);
    }
    try {
      return Optional.of(Integer.parseInt(value.toString().trim()));
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(field, "must be a whole number");
    }
  }

  /**
   * {@code field} as a non-negative duration: a {@link Duration}, a number of seconds, or text such
   * as {@code 768h}, {@code 1h30m}, {@code 45s}.
   */
  public Optional<Duration> duration(String field) {
    Object value = data.get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Duration d) {
      return Optional.of(Durations.check(field, d));
    }
    if (value instanceof Number n) {
      return Optional.of(Durations.ofSeconds(field, n));
    }
    return Optional.of(Durations.parse(field, value.toString()));
  }

  /**
   * {@code field} as a list of strings: a collection, or text separated by commas. Blank items are
   * dropped; an absent field is an empty list.
   */
  public List<String> stringList(String field) {
    Object value = data.get(field);
    if (value == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (value instanceof Collection<?> items) {
      for (Object item : items) {
        if (!(item instanceof CharSequence)) {
          throw new InvalidRequestException(field, "must be a list of strings");
        }
        out.add(item.toString().trim());
      }
    } else if (value instanceof CharSequence text) {
      for (String item : text.toString().split(",")) {
        out.add(item.trim());
      }
    } else {
      throw new InvalidRequestException(field, "must be a list of strings or comma-separated text");
    }
    out.removeIf(String::isEmpty);
    return List.copyOf(out);
  }

  /**
   * {@code field} as a map of strings: a map, or text such as {@code team=core,env=dev}. An absent
   * field is an empty map.
   */
  public Map<String, String> stringMap(String field) {
    Object value = data.get(field);
    if (value == null) {
      return Map.of();
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (value instanceof Map<?, ?> entries) {
      for (Map.Entry<?, ?> e : entries.entrySet()) {
        if (!(e.getKey() instanceof CharSequence) || e.getValue() == null) {
          throw new InvalidRequestException(field, "must map strings to strings");
        }
        out.put(e.getKey().toString().trim(), e.getValue().toString().trim());
      }
    } else if (value instanceof CharSequence text) {
      for (String item : text.toString().split(",")) {
        if (item.isBlank()) {
          continue;
        }
        int eq = item.indexOf('=');
        if (eq <= 0) {
          throw new InvalidRequestException(field, "must be key=value pairs separated by commas");
        }
        out.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
      }
    } else {
      throw new InvalidRequestException(field, "must be a map or key=value pairs");
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** Names what the request is, without its data (which may hold secrets). */
  @Override
  public String toString() {
    return operation + " " + path + " fields=" + data.keySet();
  }
}
