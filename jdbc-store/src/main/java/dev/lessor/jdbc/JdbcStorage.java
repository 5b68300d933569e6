package dev.lessor.jdbc;

import dev.lessor.store.Storage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link Storage} over JDBC, on H2 or PostgreSQL, with values encrypted when the store has a key.
 * Writes go through the group committer, so each is durable before it returns. Thread-safe.
 */
final class JdbcStorage implements Storage {
  private final Database db;
  private final ValueCipher cipher;

  JdbcStorage(Database db, ValueCipher cipher) {
    this.db = db;
    this.cipher = cipher;
  }

  @Override
  public Optional<byte[]> get(String key) {
    Objects.requireNonNull(key, "key");
    Optional<byte[]> stored =
        db.read(
            "get storage key " + key,
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement("SELECT v FROM lessor_storage WHERE k = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                  return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
                }
              }
            });
    return stored.map(v -> cipher.decrypt(v, key));
  }

  @Override
  public void put(String key, byte[] value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    byte[] stored = cipher.encrypts() ? cipher.encrypt(value, key) : value.clone();
    db.write(
        "put storage key " + key,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(db.dialect().upsertStorage())) {
            ps.setString(1, key);
            ps.setBytes(2, stored);
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public boolean delete(String key) {
    Objects.requireNonNull(key, "key");
    return db.update("delete storage key " + key, "DELETE FROM lessor_storage WHERE k = ?", key)
        > 0;
  }

  @Override
  public List<String> list(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return Prefixes.list(
        db,
        "list storage keys under " + prefix,
        "SELECT k FROM lessor_storage WHERE k LIKE ? ESCAPE '\\' ORDER BY k",
        prefix);
  }
}
