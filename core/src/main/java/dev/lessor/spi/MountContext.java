package dev.lessor.spi;

import java.time.Clock;
import java.util.Objects;

/**
 * What the core gives an engine when it is mounted.
 *
 * @param path the mount path, such as {@code aws/}
 * @param storage key/value storage of this mount alone, for configuration and roles
 * @param clock the Lessor's clock: engines read time from it, never from {@code Instant.now()}
 */
public record MountContext(String path, Storage storage, Clock clock) {
  public MountContext {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(clock, "clock");
  }
}
