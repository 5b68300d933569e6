package dev.lessor.spring;

import dev.lessor.jdbc.EncryptionKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * The encryption key of a durable store from {@code lessor.store.encryption-key}, or the refusal to
 * start without one. Messages name the property and never its value.
 */
final class StoreKey {
  static final String PROPERTY = "lessor.store.encryption-key";

  private StoreKey() {}

  /** The key, or null when plain text was allowed explicitly. */
  static EncryptionKey resolve(LessorStoreProperties store, String storeType) {
    String base64 = store.getEncryptionKey();
    if (base64 == null || base64.isBlank()) {
      if (store.isAllowPlaintext()) {
        return null;
      }
      throw new InvalidPropertyException(
          PROPERTY,
          "is required for lessor.store="
              + storeType
              + ": it encrypts root credentials at rest (32 bytes in Base64, such as the output of"
              + " openssl rand -base64 32, usually from an environment variable); set"
              + " lessor.store.allow-plaintext=true to store them in plain text instead");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new InvalidPropertyException(PROPERTY, "must be 32 bytes in Base64, is not Base64");
    }
    try {
      return EncryptionKey.of(raw);
    } catch (RuntimeException e) {
      throw new InvalidPropertyException(PROPERTY, e.getMessage(), e);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }
}
