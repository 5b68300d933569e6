package dev.lessor.testing;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Random identifiers shaped like AWS's: unique ids with their type prefix ({@code AIDA} users,
 * {@code AKIA} access keys, {@code ASIA} session keys, {@code AROA} roles...), 40-character secret
 * keys, session tokens and request ids. Thread-safe.
 */
final class IamIds {
  private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String SECRET_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  private final SecureRandom random = new SecureRandom();

  /** {@code prefix} followed by 16 characters, the shape of AWS unique ids and key ids. */
  String id(String prefix) {
    return prefix + chars(ID_CHARS, 16);
  }

  String secretAccessKey() {
    return chars(SECRET_CHARS, 40);
  }

  String sessionToken() {
    byte[] bytes = new byte[120];
    random.nextBytes(bytes);
    return "IQoJb3JpZ2luX2VjE" + Base64.getEncoder().encodeToString(bytes);
  }

  String requestId() {
    return UUID.randomUUID().toString();
  }

  private String chars(String alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
