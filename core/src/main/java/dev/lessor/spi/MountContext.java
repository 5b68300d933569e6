package dev.lessor.spi;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What the core gives an engine when it is mounted.
 *
 * @param path the mount path, such as {@code aws/}
 * @param storage key/value storage of this mount alone, for configuration and roles
 * @param clock the Lessor's clock: engines read time from it, never from {@code Instant.now()}
 * @param leaseExists whether a lease with the given id exists (in any state); for engines that
 *     sweep the provider for leftovers that no lease covers any more
 */
public record MountContext(
    String path, Storage storage, Clock clock, Predicate<String> leaseExists) {
  public MountContext {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(leaseExists, "leaseExists");
  }

  /** A context without lease lookups: every lease id counts as existing, so sweeps delete less. */
  public MountContext(String path, Storage storage, Clock clock) {
    this(path, storage, clock, id -> true);
  }
}
