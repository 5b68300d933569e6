package dev.lessor.bench;

import dev.lessor.jdbc.JdbcStores;
import dev.lessor.store.LeaseStore;
import java.nio.file.Path;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Bytes on disk per live lease in the durable stores: {@code --leases} leases like the AWS engine's
 * (encrypted internal data with a user name and an access key id), written through the store from
 * many threads so that group commit fills its batches. For the embedded store, every file in its
 * directory; for PostgreSQL, the lease table with its indexes and TOAST ({@code
 * pg_total_relation_size}), without the WAL, which the server recycles.
 */
final class DiskFigures {
  private static final int THREADS = 64;

  private DiskFigures() {}

  /** The embedded (SQLite) store's row. */
  static Figure embedded(int leases, Path dir) {
    try (JdbcStores stores = JdbcStores.embedded(dir, ProbeStores.key())) {
      fill(stores.leaseStore(), leases);
    }
    return figure("SQLite", leases, ProbeStores.bytesOnDisk(dir), "every file of the store");
  }

  /** PostgreSQL's row; {@code ds} names an empty schema. */
  static Figure postgres(int leases, DataSource ds) {
    try (JdbcStores stores = JdbcStores.postgres(ds, ProbeStores.key())) {
      fill(stores.leaseStore(), leases);
    }
    long bytes = BenchPostgres.leaseTableBytes(ds);
    return figure("PostgreSQL", leases, bytes, "table, indexes, TOAST");
  }

  private static Figure figure(String store, int leases, long bytes, String what) {
    return new Figure(
        String.format(Locale.ROOT, "disk: bytes per live lease, %s (%,d leases)", store, leases),
        Stats.number(bytes / (double) leases) + " B",
        "-",
        "-",
        "report (" + what + ")",
        "report");
  }

  private static void fill(LeaseStore store, int count) {
    JournalFigures.fill(store, count, StoreDiskFigures::lease, THREADS);
  }
}
