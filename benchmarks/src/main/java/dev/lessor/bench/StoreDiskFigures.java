package dev.lessor.bench;

import dev.lessor.LeaseState;
import dev.lessor.jdbc.JdbcStores;
import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes on disk per live lease, and the file under churn: {@code --leases} live leases written from
 * 64 threads (encrypted, with internal data like the AWS engine's), then {@code --churn} issue and
 * revoke cycles (insert one, delete the oldest) that keep the live set fixed, sampling the bytes on
 * disk ten times. Prints its figures.
 *
 * <pre>
 * java -cp ... dev.lessor.bench.StoreDiskFigures --store sqlite --leases 100000 --churn 1000000
 * </pre>
 */
public final class StoreDiskFigures {
  private static final int THREADS = 64;
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  private StoreDiskFigures() {}

  public static void main(String[] args) throws Exception {
    String store = "sqlite";
    int leases = 100_000;
    long churn = 1_000_000;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--store" -> store = args[i + 1];
        case "--leases" -> leases = Integer.parseInt(args[i + 1]);
        case "--churn" -> churn = Long.parseLong(args[i + 1]);
        default ->
            throw new IllegalArgumentException(
                "options: --store " + ProbeStores.NAMES + " --leases N --churn N");
      }
    }
    Path dir = Files.createTempDirectory("lessor-disk-" + store);
    long start = System.nanoTime();
    AtomicLong next = new AtomicLong();
    try (JdbcStores stores = ProbeStores.open(store, dir)) {
      LeaseStore s = stores.leaseStore();
      parallel(leases, () -> s.insert(lease(next.getAndIncrement())));
      long steady = ProbeStores.bytesOnDisk(dir);
      System.out.printf(
          Locale.ROOT,
          "%s: %,d live leases: %,d bytes on disk, %,d bytes per lease (%d s)%n",
          store,
          leases,
          steady,
          steady / leases,
          seconds(start));
      AtomicLong oldest = new AtomicLong();
      long max = steady;
      long step = Math.max(1, churn / 10);
      for (long done = 0; done < churn; done += step) {
        parallel(
            (int) Math.min(step, churn - done),
            () -> {
              s.insert(lease(next.getAndIncrement()));
              s.delete(id(oldest.getAndIncrement()));
            });
        long bytes = ProbeStores.bytesOnDisk(dir);
        max = Math.max(max, bytes);
        System.out.printf(
            Locale.ROOT,
            "  after %,d issue/revoke cycles: %,d bytes (%.2fx steady), %,d live (%d s)%n",
            done + step,
            bytes,
            bytes / (double) steady,
            s.count(),
            seconds(start));
      }
      System.out.printf(
          Locale.ROOT,
          "%s churn: at most %,d bytes, %.2fx the steady %,d%n",
          store,
          max,
          max / (double) steady,
          steady);
    }
    System.out.printf(
        Locale.ROOT, "after a clean close: %,d bytes%n", ProbeStores.bytesOnDisk(dir));
  }

  private static long seconds(long start) {
    return (System.nanoTime() - start) / 1_000_000_000L;
  }

  private static void parallel(int count, Runnable op) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      AtomicLong left = new AtomicLong(count);
      List<Future<?>> all = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        all.add(
            pool.submit(
                () -> {
                  while (left.getAndDecrement() > 0) {
                    op.run();
                  }
                }));
      }
      for (Future<?> f : all) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String id(long n) {
    return "aws/creds/deploy/" + new UUID(n, n * 31).toString().replace("-", "");
  }

  /** A lease like the AWS engine's, number {@code n}. */
  static LeaseRecord lease(long n) {
    String id = id(n);
    return new LeaseRecord(
        id,
        "aws/",
        "aws",
        "aws/creds/deploy",
        LeaseState.ACTIVE,
        T0,
        T0.plusSeconds(3600),
        T0.plusSeconds(86400),
        true,
        Map.of(
            "user_name", "lessor-deploy-" + n + "-" + Long.toHexString(n * 7919),
            "access_key_id", "AKIA" + String.format("%016X", n)),
        T0.plusSeconds(3600 + n % 3600),
        0,
        null,
        0);
  }
}
