package dev.lessor.jdbc;

import java.nio.file.Path;

/** Opens an embedded store by kind, for tests that run on each of them. */
final class EmbeddedStores {
  private EmbeddedStores() {}

  @SuppressWarnings("deprecation") // H2 stays tested while it is still offered
  static JdbcStores open(String kind, Path dir, EncryptionKey key) {
    return switch (kind) {
      case "sqlite" -> JdbcStores.sqlite(dir, key);
      case "h2" -> JdbcStores.h2(dir, key);
      default -> throw new IllegalArgumentException("no embedded store " + kind);
    };
  }
}
