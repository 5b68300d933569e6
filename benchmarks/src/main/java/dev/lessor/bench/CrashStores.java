package dev.lessor.bench;

import dev.lessor.jdbc.EncryptionKey;
import dev.lessor.jdbc.JdbcStores;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The durable stores the crash loop can run on, chosen by {@code --store}. Each kind opens the same
 * directory in the parent (setup and final drain) and in every child, with one fixed key, so that
 * encryption at rest is exercised too. Stateless, so thread-safe.
 */
final class CrashStores {
  /** The kinds {@link #open} knows, the default first. */
  static final List<String> KINDS = List.of("sqlite", "h2");

  private CrashStores() {}

  /**
   * Opens the store of {@code kind} in {@code dir}.
   *
   * @throws IllegalArgumentException for a kind not in {@link #KINDS}
   */
  static JdbcStores open(String kind, Path dir) {
    return switch (kind) {
      case "sqlite" -> JdbcStores.sqlite(dir, key());
      case "h2" -> h2(dir); // deprecated: kept to show what the loop finds on it
      default -> throw new IllegalArgumentException("--store takes " + KINDS + ", was " + kind);
    };
  }

  @SuppressWarnings("deprecation")
  private static JdbcStores h2(Path dir) {
    return JdbcStores.h2(dir, key());
  }

  /** A fixed key: the loop tests crash safety, not key handling. */
  private static EncryptionKey key() {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) 42);
    return EncryptionKey.of(bytes);
  }
}
