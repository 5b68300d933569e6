package dev.lessor.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A {@link Storage} seen under a key prefix. */
final class ScopedStorage implements Storage {
  private final Storage delegate;
  private final String prefix;

  ScopedStorage(Storage delegate, String prefix) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  @Override
  public Optional<byte[]> get(String key) {
    return delegate.get(prefix + key);
  }

  @Override
  public void put(String key, byte[] value) {
    delegate.put(prefix + key, value);
  }

  @Override
  public boolean delete(String key) {
    return delegate.delete(prefix + key);
  }

  @Override
  public List<String> list(String keyPrefix) {
    return delegate.list(prefix + keyPrefix).stream()
        .map(k -> k.substring(prefix.length()))
        .toList();
  }

  @Override
  public Storage scoped(String more) {
    return new ScopedStorage(delegate, prefix + more);
  }
}
