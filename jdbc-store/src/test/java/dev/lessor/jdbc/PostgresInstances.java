package dev.lessor.jdbc;

import dev.lessor.Lessor;
import dev.lessor.LessorBuilder;
import dev.lessor.testing.FakeSecretsEngine;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Lessor instances sharing one PostgreSQL database and one manual clock, as processes of one
 * application would: each has its own stores (connections) and worker threads, and a fake engine at
 * {@code fake/}. {@link #close} closes them, the last started first.
 */
final class PostgresInstances implements AutoCloseable {
  /** An instance: its own connections and worker threads, the shared clock, a fake engine. */
  record Instance(JdbcStores stores, Lessor lessor, FakeSecretsEngine engine) {}

  final ManualClock clock = new ManualClock();
  private final EncryptionKey key;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  PostgresInstances(EncryptionKey key) {
    this.key = key;
  }

  /** Starts an instance on {@code ds}; {@code settings} adds the test's own to its builder. */
  Instance start(DataSource ds, UnaryOperator<LessorBuilder> settings) {
    JdbcStores stores = JdbcStores.postgres(ds, key);
    toClose.add(stores);
    Lessor lessor =
        settings
            .apply(
                Lessor.builder()
                    .clock(clock)
                    .scheduler(new ManualScheduler(clock))
                    .leaseStore(stores.leaseStore())
                    .storage(stores.storage()))
            .build();
    toClose.add(lessor);
    FakeSecretsEngine engine = new FakeSecretsEngine();
    lessor.mount("fake/", engine);
    return new Instance(stores, lessor, engine);
  }

  @Override
  public void close() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }
}
