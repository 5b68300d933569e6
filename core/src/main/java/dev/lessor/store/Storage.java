package dev.lessor.store;

import java.util.List;
import java.util.Optional;

/**
 * Key/value storage for engine configuration and roles. Each mount sees its own view: keys such as
 * {@code config/root} are relative to the mount.
 *
 * <p>Values may hold secrets (root credentials): durable implementations encrypt them at rest.
 * Implementations must be thread-safe; failures are thrown as {@link dev.lessor.LessorException}.
 */
public interface Storage {

  /** The value stored under {@code key}. */
  Optional<byte[]> get(String key);

  /** Stores {@code value} under {@code key}, replacing any value, durably before returning. */
  void put(String key, byte[] value);

  /** Deletes {@code key}; whether it existed. */
  boolean delete(String key);

  /** Keys starting with {@code prefix}, sorted. */
  List<String> list(String prefix);

  /** The view of this storage under {@code prefix}: its keys have the prefix taken off. */
  default Storage scoped(String prefix) {
    return new ScopedStorage(this, prefix);
  }
}
