package dev.lessor.aws;

import dev.lessor.store.Storage;
import java.util.List;
import java.util.Optional;

/**
 * The static roles of a mount in its storage: each role's definition under {@code
 * static-roles/<name>} and, apart from it, where its rotation stands under {@code
 * static-keys/<name>}. Kept apart so that a role write and a rotation never overwrite each other's
 * part. Not cached: static roles are read once per rotation or {@code static-creds} read, and
 * several instances sharing one store must see each other's rotations at once. Thread-safe.
 */
final class StaticRoleStore {
  static final String ROLE_PREFIX = "static-roles/";
  static final String KEYS_PREFIX = "static-keys/";

  private final Storage storage;

  StaticRoleStore(Storage storage) {
    this.storage = storage;
  }

  Optional<StaticRole> role(String name) {
    return storage.get(ROLE_PREFIX + name).map(b -> StaticRole.decode(name, b));
  }

  void putRole(StaticRole role) {
    storage.put(ROLE_PREFIX + role.name(), role.encode());
  }

  /** Deletes the role and its rotation state; whether the role existed. */
  boolean delete(String name) {
    boolean existed = storage.delete(ROLE_PREFIX + name);
    storage.delete(KEYS_PREFIX + name);
    return existed;
  }

  List<String> names() {
    return storage.list(ROLE_PREFIX).stream().map(k -> k.substring(ROLE_PREFIX.length())).toList();
  }

  /** The rotation state of {@code role}, or a fresh one when none is stored for its user. */
  StaticKeys keys(StaticRole role) {
    return storage
        .get(KEYS_PREFIX + role.name())
        .map(StaticKeys::decode)
        .filter(k -> k.username().equals(role.username()))
        .orElse(StaticKeys.none(role.username()));
  }

  void putKeys(String name, StaticKeys keys) {
    storage.put(KEYS_PREFIX + name, keys.encode());
  }
}
