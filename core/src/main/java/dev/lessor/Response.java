package dev.lessor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a request returned: ordered data, the lease when the request issued a secret, and warnings.
 *
 * <p>Secret values in {@link #data()} are {@link SecretValue}s, so printing a response never prints
 * a secret; {@link #string(String)} reveals one on purpose. Values may be {@code null} (an IAM
 * user's {@code security_token}, for instance). Immutable and thread-safe.
 */
public final class Response {
  private static final Response EMPTY = new Response(Map.of(), null, List.of());

  private final Map<String, Object> data;
  private final Lease lease;
  private final List<String> warnings;

  private Response(Map<String, Object> data, Lease lease, List<String> warnings) {
    this.data = data;
    this.lease = lease;
    this.warnings = warnings;
  }

  /** A response with no data. */
  public static Response empty() {
    return EMPTY;
  }

  /** A response holding a copy of {@code data}, in its iteration order. */
  public static Response of(Map<String, ?> data) {
    return builder().putAll(data).build();
  }

  /** A builder for a response with ordered data. */
  public static Builder builder() {
    return new Builder();
  }

  /** The data, in the order the engine put it. Unmodifiable; values may be null. */
  public Map<String, Object> data() {
    return data;
  }

  /** The lease, when the request issued a secret. */
  public Optional<Lease> lease() {
    return Optional.ofNullable(lease);
  }

  /** Warnings the caller should see, such as a TTL that was capped. */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * The value of {@code key} as a string, revealing a {@link SecretValue}; {@code null} when the
   * key is absent or its value is null.
   */
  public String string(String key) {
    Object value = data.get(key);
    if (value == null) {
      return null;
    }
    return value instanceof SecretValue secret ? secret.reveal() : String.valueOf(value);
  }

  /** This response with {@code lease} attached; used by the core when it activates a lease. */
  public Response withLease(Lease lease) {
    return new Response(data, Objects.requireNonNull(lease, "lease"), warnings);
  }

  /** This response with more warnings after its own. */
  public Response withWarnings(List<String> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<String> all = new ArrayList<>(warnings);
    all.addAll(more);
    return new Response(data, lease, List.copyOf(all));
  }

  @Override
  public String toString() {
    return "Response{data=" + data + ", lease=" + lease + ", warnings=" + warnings + "}";
  }

  /** Builds a {@link Response}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Object> data = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    private Builder() {}

    /** Adds {@code key}; a null value is kept as an explicit null. */
    public Builder put(String key, Object value) {
      data.put(Objects.requireNonNull(key, "key"), value);
      return this;
    }

    /** Adds every entry of {@code values}. */
    public Builder putAll(Map<String, ?> values) {
      values.forEach(this::put);
      return this;
    }

    /** Adds a warning for the caller. */
    public Builder warning(String warning) {
      warnings.add(Objects.requireNonNull(warning, "warning"));
      return this;
    }

    public Response build() {
      return new Response(
          Collections.unmodifiableMap(new LinkedHashMap<>(data)), null, List.copyOf(warnings));
    }
  }
}
