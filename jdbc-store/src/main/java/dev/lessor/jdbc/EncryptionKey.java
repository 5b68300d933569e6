package dev.lessor.jdbc;

import dev.lessor.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key that encrypts stored engine configuration and lease internal data at rest. The
 * host provides it as 32 raw bytes, as a {@link SecretKey}, or through an environment variable that
 * holds it in Base64.
 *
 * <p>A one-byte key id, derived from the key, is written beside every encrypted value, so that a
 * store opened with another key fails at once with a clear error instead of returning garbage.
 * Immutable and thread-safe; {@code toString} shows only the key id.
 */
public final class EncryptionKey {
  private static final int KEY_BYTES = 32;

  private final SecretKeySpec key;
  private final byte id;

  private EncryptionKey(byte[] raw, String field) {
    if (raw.length != KEY_BYTES) {
      throw new InvalidRequestException(
          field, "must be a 256-bit AES key (32 bytes), got " + raw.length + " bytes");
    }
    this.key = new SecretKeySpec(raw, "AES");
    this.id = keyId(raw);
    Arrays.fill(raw, (byte) 0);
  }

  /** A key from 32 raw bytes; the array is copied. */
  public static EncryptionKey of(byte[] key) {
    return new EncryptionKey(Objects.requireNonNull(key, "key").clone(), "encryptionKey");
  }

  /** A key from an AES {@link SecretKey} of 256 bits. */
  public static EncryptionKey of(SecretKey key) {
    Objects.requireNonNull(key, "key");
    byte[] encoded = key.getEncoded();
    if (encoded == null || !"AES".equalsIgnoreCase(key.getAlgorithm())) {
      throw new InvalidRequestException(
          "encryptionKey", "must be an AES key whose encoded form is available");
    }
    return new EncryptionKey(encoded, "encryptionKey");
  }

  /**
   * A key read from the environment variable {@code name}, which holds the 32 key bytes in Base64
   * (for example the output of {@code openssl rand -base64 32}).
   *
   * @throws InvalidRequestException naming the variable when it is unset or not such a key
   */
  public static EncryptionKey fromEnvironment(String name) {
    return fromEnvironment(name, System::getenv);
  }

  static EncryptionKey fromEnvironment(String name, UnaryOperator<String> environment) {
    Objects.requireNonNull(name, "name");
    String value = environment.apply(name);
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(name, "environment variable is not set");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(value.trim());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(name, "must hold a 32-byte key in Base64");
    }
    return new EncryptionKey(raw, name);
  }

  SecretKey secretKey() {
    return key;
  }

  /** The one-byte id written beside every value this key encrypts. */
  byte id() {
    return id;
  }

  private static byte keyId(byte[] raw) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("lessor-key-id".getBytes(StandardCharsets.US_ASCII));
      return sha.digest(raw)[0];
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Shows the key id only, never the key. */
  @Override
  public String toString() {
    return "EncryptionKey{id=" + String.format("%02x", id) + "}";
  }
}
