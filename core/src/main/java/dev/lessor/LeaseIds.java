package dev.lessor;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes lease ids: the request path, a slash, and 22 random base62 characters (128 bits).
 *
 * <p>Ids are unique names, not credentials: knowing one grants nothing in-process, so a fast
 * non-cryptographic random source is enough, and issuing stays cheap under load.
 */
final class LeaseIds {
  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final int LENGTH = 22;

  private LeaseIds() {}

  static String next(String path) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder id = new StringBuilder(path.length() + 1 + LENGTH).append(path).append('/');
    for (int i = 0; i < LENGTH; i++) {
      id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return id.toString();
  }
}
