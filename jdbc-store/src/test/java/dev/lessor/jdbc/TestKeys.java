package dev.lessor.jdbc;

import java.util.Arrays;

/** Fixed keys for tests. */
final class TestKeys {
  private TestKeys() {}

  static byte[] bytes(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  static EncryptionKey key(int fill) {
    return EncryptionKey.of(bytes(fill));
  }
}
