package dev.lessor.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** {@link Storage} in memory: gone when the process ends. Thread-safe. */
public final class InMemoryStorage implements Storage {
  private final ConcurrentSkipListMap<String, byte[]> values = new ConcurrentSkipListMap<>();

  @Override
  public Optional<byte[]> get(String key) {
    return Optional.ofNullable(values.get(Objects.requireNonNull(key, "key"))).map(byte[]::clone);
  }

  @Override
  public void put(String key, byte[] value) {
    values.put(Objects.requireNonNull(key, "key"), value.clone());
  }

  @Override
  public boolean delete(String key) {
    return values.remove(Objects.requireNonNull(key, "key")) != null;
  }

  @Override
  public List<String> list(String prefix) {
    return values.tailMap(prefix, true).keySet().stream()
        .takeWhile(k -> k.startsWith(prefix))
        .toList();
  }
}
