package dev.lessor.bench;

import dev.lessor.LeaseState;
import dev.lessor.Lessor;
import dev.lessor.jdbc.EncryptionKey;
import dev.lessor.jdbc.JdbcStores;
import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The durable store's figures.
 *
 * <ul>
 *   <li>Restart: {@code --leases} leases in the embedded (SQLite) store, a hundredth of them (at
 *       most 1,000) overdue. Each run opens the store, builds a Lessor on it, mounts the engine and
 *       issues one lease: that is "serving". Then the time to the first overdue revocation. The
 *       baseline reads every lease once in one query, the least a restore that loads leases before
 *       serving costs.
 *   <li>Journal throughput: leases issued per second through {@code Lessor.read} on a durable
 *       store, from 1 and from 16 threads, for SQLite and, when {@code LESSOR_TEST_POSTGRES_URL}
 *       (with {@code _USER} and {@code _PASSWORD}) names a PostgreSQL database, for PostgreSQL.
 *       Group commit shows as 16 threads issuing several times what one thread does. The one-thread
 *       baseline is the same store with the Lessor waiting for each lease's ACTIVE write as well
 *       ({@link TwoWriteStore}), measured in the same run.
 * </ul>
 */
final class JournalFigures {
  private static final Duration TTL = Duration.ofHours(1);
  private static final Duration THROUGHPUT_WINDOW = Duration.ofSeconds(3);
  private static final int FILL_THREADS = 16;
  private static final String NO_PG = BenchPostgres.NOT_CONFIGURED;

  private JournalFigures() {}

  static List<Figure> measure(HarnessOptions options) {
    List<Figure> rows = new ArrayList<>(restart(options));
    List<Path> dirs = new ArrayList<>();
    try {
      rows.addAll(
          journal(
              "SQLite",
              () -> {
                dirs.add(tempDir("journal"));
                return JdbcStores.embedded(dirs.get(dirs.size() - 1));
              },
              options.runs()));
    } finally {
      dirs.forEach(JournalFigures::deleteQuietly);
    }
    PGSimpleDataSource ds = BenchPostgres.dataSource(BenchPostgres.BENCH_SCHEMA);
    if (ds == null) {
      rows.add(Figure.notMeasured("journal: leases/s, PostgreSQL, 1 thread", "report", NO_PG));
      rows.add(Figure.notMeasured("journal: leases/s, PostgreSQL, 16 threads", "report", NO_PG));
    } else {
      try {
        rows.addAll(
            journal(
                "PostgreSQL",
                () -> {
                  BenchPostgres.recreateSchema(ds);
                  return JdbcStores.postgres(ds, EncryptionKey.of(new byte[32]));
                },
                options.runs()));
      } finally {
        BenchPostgres.dropSchema(ds);
      }
    }
    return rows;
  }

  /** The "disk" group: bytes on disk per live lease, embedded store and PostgreSQL. */
  static List<Figure> disk(HarnessOptions options) {
    List<Figure> rows = new ArrayList<>();
    Path dir = tempDir("disk");
    try {
      rows.add(DiskFigures.embedded(options.leases(), dir));
    } finally {
      deleteQuietly(dir);
    }
    PGSimpleDataSource ds = BenchPostgres.dataSource(BenchPostgres.BENCH_SCHEMA);
    if (ds == null) {
      rows.add(Figure.notMeasured("disk: bytes per live lease, PostgreSQL", "report", NO_PG));
    } else {
      try {
        BenchPostgres.recreateSchema(ds);
        rows.add(DiskFigures.postgres(options.leases(), ds));
      } finally {
        BenchPostgres.dropSchema(ds);
      }
    }
    return rows;
  }

  private static List<Figure> restart(HarnessOptions options) {
    int n = options.leases();
    int overdue = Math.max(1, Math.min(1_000, n / 100));
    Path dir = tempDir("restart");
    try {
      Instant now = Instant.now();
      try (JdbcStores stores = JdbcStores.embedded(dir)) {
        fill(stores.leaseStore(), n - overdue, i -> record("live/" + i, now, TTL));
      }
      double[] serving = new double[options.runs()];
      double[] firstRevocation = new double[options.runs()];
      double[] loadAll = new double[options.runs()];
      for (int run = 0; run < options.runs(); run++) {
        int r = run;
        try (JdbcStores stores = JdbcStores.embedded(dir)) {
          fill(
              stores.leaseStore(),
              overdue,
              i -> record("overdue/" + r + "/" + i, now, Duration.ofMinutes(-1)));
        }
        long start = System.nanoTime();
        RevocationLog log = new RevocationLog(java.time.Clock.systemUTC(), overdue);
        try (JdbcStores stores = JdbcStores.embedded(dir);
            Lessor lessor =
                Lessor.builder()
                    .leaseStore(stores.leaseStore())
                    .storage(stores.storage())
                    .build()) {
          lessor.mount(BenchEngine.MOUNT, new BenchEngine(() -> TTL, Duration.ZERO, log));
          lessor.read(BenchEngine.CREDS);
          serving[run] = System.nanoTime() - start;
          ExpiryScenario.await(() -> log.count() > 0, Duration.ofMinutes(2));
          firstRevocation[run] = log.sortedStarts()[0] - start;
        }
        long loadStart = System.nanoTime();
        try (JdbcStores stores = JdbcStores.embedded(dir)) {
          int loaded = stores.leaseStore().findByState(LeaseState.ACTIVE, Integer.MAX_VALUE).size();
          loadAll[run] = loaded > 0 ? System.nanoTime() - loadStart : 0;
        }
      }
      double toServing = Stats.median(serving);
      double toFirst = Stats.median(firstRevocation);
      double load = Stats.median(loadAll);
      String size = " (" + Stats.number(n) + " leases in SQLite, " + overdue + " overdue)";
      return List.of(
          new Figure(
              "restart: build() to serving" + size,
              Stats.seconds(toServing),
              Stats.seconds(load) + " (read every lease once)",
              Stats.ratio(toServing / load),
              "≤ 5 s",
              Figure.verdict(toServing <= 5e9)),
          new Figure(
              "restart: build() to first overdue revocation" + size,
              Stats.seconds(toFirst),
              "-",
              "-",
              "report",
              "report"));
    } finally {
      deleteQuietly(dir);
    }
  }

  private static List<Figure> journal(String name, Supplier<JdbcStores> open, int runs) {
    double[] twoWrites = new double[runs];
    double[] single = new double[runs];
    double[] sixteen = new double[runs];
    for (int run = 0; run < runs; run++) {
      twoWrites[run] = issueRate(open, 1, TwoWriteStore::new);
      single[run] = issueRate(open, 1, store -> store);
      sixteen[run] = issueRate(open, 16, store -> store);
    }
    double old = Stats.median(twoWrites);
    double one = Stats.median(single);
    double many = Stats.median(sixteen);
    return List.of(
        new Figure(
            "journal: leases/s, " + name + ", 1 thread",
            Stats.number(one) + "/s",
            Stats.number(old) + "/s (waiting for the ACTIVE write too)",
            Stats.ratio(one / old),
            "≥ 1.8× (one durable write per mint)",
            Figure.verdict(one >= 1.8 * old)),
        new Figure(
            "journal: leases/s, " + name + ", 16 threads",
            Stats.number(many) + "/s",
            Stats.number(one) + "/s (1 thread)",
            Stats.ratio(many / one),
            "group commit shows (> 2×)",
            Figure.verdict(many > 2 * one)));
  }

  /**
   * Leases issued per second through a durable Lessor from {@code threads} threads, on the lease
   * store as {@code view} shows it (the baseline sees it through {@link TwoWriteStore}).
   */
  private static double issueRate(
      Supplier<JdbcStores> open, int threads, UnaryOperator<LeaseStore> view) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (JdbcStores stores = open.get();
        Lessor lessor =
            Lessor.builder()
                .leaseStore(view.apply(stores.leaseStore()))
                .storage(stores.storage())
                .build()) {
      lessor.mount(BenchEngine.MOUNT, BenchEngine.fixedTtl(TTL));
      for (int i = 0; i < 200; i++) {
        lessor.read(BenchEngine.CREDS); // warm up
      }
      AtomicLong issued = new AtomicLong();
      long end = System.nanoTime() + THROUGHPUT_WINDOW.toNanos();
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(
            pool.submit(
                () -> {
                  while (System.nanoTime() < end) {
                    lessor.read(BenchEngine.CREDS);
                    issued.incrementAndGet();
                  }
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
      return issued.get() * 1e9 / THROUGHPUT_WINDOW.toNanos();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("issuing failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Inserts {@code count} records from 16 threads, so that the store can group its commits. */
  static void fill(
      LeaseStore store, int count, java.util.function.IntFunction<LeaseRecord> record) {
    fill(store, count, record, FILL_THREADS);
  }

  /** Inserts {@code count} records from {@code threads} threads. */
  static void fill(
      LeaseStore store,
      int count,
      java.util.function.IntFunction<LeaseRecord> record,
      int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    store.insert(record.apply(i));
                  }
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("filling the store failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** An active lease of the bench mount expiring {@code ttl} after {@code now}. */
  static LeaseRecord record(String suffix, Instant now, Duration ttl) {
    Instant expire = now.plus(ttl);
    return new LeaseRecord(
        BenchEngine.CREDS + "/" + suffix,
        BenchEngine.MOUNT,
        BenchEngine.TYPE,
        BenchEngine.CREDS,
        LeaseState.ACTIVE,
        now,
        expire,
        expire,
        false,
        Map.of(),
        expire,
        0,
        null,
        0);
  }

  static Path tempDir(String what) {
    try {
      return Files.createTempDirectory("lessor-bench-" + what);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: left for the OS
    }
  }
}
