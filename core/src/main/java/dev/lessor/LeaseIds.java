package dev.lessor;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes lease ids: the request path, a slash, and 22 random base62 characters (about 128 bits).
 *
 * <p>Ids are unique names, not credentials: knowing one grants nothing in-process, so a fast
 * non-cryptographic random source is enough, and issuing stays cheap under load. Each random long
 * gives ten characters (62^10 is below 2^63; the slight bias of the remainders costs a fraction of
 * a bit per character).
 */
final class LeaseIds {
  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final int LENGTH = 22;
  private static final int PER_LONG = 10;

  private LeaseIds() {}

  static String next(String path) {
    int start = path.length() + 1;
    // a Latin-1 path (the usual case): bytes, half the garbage of chars and no compression pass
    byte[] id = new byte[start + LENGTH];
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c > 0xFF) {
        return nextWide(path, start);
      }
      id[i] = (byte) c;
    }
    id[start - 1] = '/';
    long bits = 0;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < LENGTH; i++) {
      if (i % PER_LONG == 0) {
        bits = random.nextLong() >>> 1;
      }
      id[start + i] = (byte) ALPHABET[(int) (bits % ALPHABET.length)];
      bits /= ALPHABET.length;
    }
    return new String(id, StandardCharsets.ISO_8859_1);
  }

  private static String nextWide(String path, int start) {
    char[] id = new char[start + LENGTH];
    path.getChars(0, path.length(), id, 0);
    id[start - 1] = '/';
    long bits = 0;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < LENGTH; i++) {
      if (i % PER_LONG == 0) {
        bits = random.nextLong() >>> 1;
      }
      id[start + i] = ALPHABET[(int) (bits % ALPHABET.length)];
      bits /= ALPHABET.length;
    }
    return new String(id);
  }
}
