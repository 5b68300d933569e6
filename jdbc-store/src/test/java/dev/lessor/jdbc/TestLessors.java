package dev.lessor.jdbc;

import dev.lessor.Lessor;
import dev.lessor.LessorBuilder;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;

/** Lessors on JDBC stores for tests that move time by hand. Stateless, so thread-safe. */
final class TestLessors {
  private TestLessors() {}

  /**
   * A builder for a Lessor that keeps its leases and configuration in {@code stores}, whose time
   * moves only with {@code clock} and which revokes on the thread that moves it.
   */
  static LessorBuilder onManualClock(JdbcStores stores, ManualClock clock) {
    return Lessor.builder()
        .clock(clock)
        .scheduler(new ManualScheduler(clock))
        .revocationExecutor(Runnable::run)
        .leaseStore(stores.leaseStore())
        .storage(stores.storage());
  }
}
