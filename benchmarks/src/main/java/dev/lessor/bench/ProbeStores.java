package dev.lessor.bench;

import dev.lessor.jdbc.EncryptionKey;
import dev.lessor.jdbc.JdbcStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Opens the embedded store a crash probe runs on, by name. Static and stateless, so thread-safe.
 */
final class ProbeStores {
  /** The store names {@link #open} takes. */
  static final List<String> NAMES = List.of("h2", "sqlite");

  private ProbeStores() {}

  /** The same fixed key for parent and child: the probe checks durability, not secrecy. */
  static EncryptionKey key() {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 7);
    return EncryptionKey.of(key);
  }

  @SuppressWarnings("deprecation") // H2 stays measurable: the probe is what shows its losses
  static JdbcStores open(String store, Path dir) {
    return switch (store) {
      case "h2" -> JdbcStores.h2(dir, key());
      case "sqlite" -> JdbcStores.sqlite(dir, key());
      default -> throw new IllegalArgumentException("--store takes " + NAMES + ", was " + store);
    };
  }

  /** Bytes of every file under {@code dir} but the child's log. */
  static long bytesOnDisk(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".log"))
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (java.io.IOException e) {
                  return 0; // deleted while walking (a WAL checkpointed away)
                }
              })
          .sum();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
