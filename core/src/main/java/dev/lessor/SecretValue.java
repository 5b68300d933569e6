package dev.lessor;

import java.util.Objects;

/**
 * A secret string (a secret access key, a session token) that never prints itself. Its {@code
 * toString} is {@code ***}, so a map, a response or a log line that holds one stays safe; the value
 * is read only through {@link #reveal()}.
 *
 * <p>Redaction is by type: whatever holds a secret holds it as a {@code SecretValue}. Immutable and
 * thread-safe.
 */
public final class SecretValue {
  private static final String MASK = "***";
  private final String value;

  private SecretValue(String value) {
    this.value = value;
  }

  /** Wraps a secret; {@code value} must not be null. */
  public static SecretValue of(String value) {
    return new SecretValue(Objects.requireNonNull(value, "value"));
  }

  /** The secret itself. Call it only where the value leaves the process on purpose. */
  public String reveal() {
    return value;
  }

  /** Whether the value is empty. */
  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretValue other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Always {@code ***}. */
  @Override
  public String toString() {
    return MASK;
  }
}
