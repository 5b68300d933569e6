package dev.lessor.bench;

import dev.lessor.jdbc.JdbcStores;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The store-only crash probe: a child JVM ({@link ProbeChild}) writes leases from many threads and
 * prints each write the store acknowledged; this parent kills it with SIGKILL at a random moment (a
 * tenth during startup, the rest after its first acknowledged write), reopens the store and checks
 * that no acknowledged insert, activation or delete was lost, that every row takes a write within a
 * bound, and that the store opens every time; then again, for {@code --cycles} cycles. Prints its
 * figures; exits 1 if any check failed.
 *
 * <pre>
 * java -cp benchmarks/target/lessor-benchmarks.jar dev.lessor.bench.StoreCrashProbe \
 *     --store sqlite --cycles 500 --threads 16 [--dir /tmp/probe] [--max-ms 3000] [--seed 1]
 * </pre>
 */
public final class StoreCrashProbe {
  /**
   * @param minMs the earliest kill after the child starts (or its first write)
   * @param maxMs the latest
   */
  record Options(
      String store,
      int cycles,
      int threads,
      Path dir,
      int minMs,
      int maxMs,
      long seed,
      Duration bound) {}

  private StoreCrashProbe() {}

  public static void main(String[] args) throws Exception {
    ProbeResult result = run(parse(args), System.out);
    System.out.println(result.report());
    System.exit(result.passed() ? 0 : 1);
  }

  static String cyclePrefix(String cycle) {
    return "probe/c" + cycle + "/";
  }

  /** Runs the probe, printing progress every 10 cycles to {@code progress}. */
  static ProbeResult run(Options o, java.io.PrintStream progress) throws Exception {
    Files.createDirectories(o.dir());
    Random random = new Random(o.seed());
    long start = System.nanoTime();
    int kills = 0;
    int childFailures = 0;
    int openFailures = 0;
    long ackI = 0;
    long ackA = 0;
    long ackD = 0;
    long maxBytes = 0;
    String stuck = null;
    int cycle = 0;
    try (ProbeCheck check = new ProbeCheck(o.bound())) {
      while (cycle < o.cycles() && stuck == null && openFailures == 0) {
        cycle++;
        ProbeLedger ledger = new ProbeLedger();
        // A tenth of the kills come during startup (opening the store, recovery, schema check),
        // the others at a random moment after the first acknowledged write.
        boolean duringStartup = random.nextInt(10) == 0;
        int killAfterMs = o.minMs() + random.nextInt(o.maxMs() - o.minMs() + 1);
        boolean killed = runChild(o, cycle, duringStartup, killAfterMs, ledger);
        kills += killed ? 1 : 0;
        childFailures += killed ? 0 : 1;
        ackI += ledger.inserted.size();
        ackA += ledger.activated.size();
        ackD += ledger.deleted.size();
        JdbcStores stores;
        try {
          stores = check.bounded("open", () -> ProbeStores.open(o.store(), o.dir()));
        } catch (ProbeCheck.Stuck e) {
          stuck = e.getMessage();
          break;
        } catch (Exception e) {
          progress.println("cycle " + cycle + ": the store did not open: " + e);
          openFailures++;
          break;
        }
        try {
          check.check(stores.leaseStore(), cyclePrefix(String.valueOf(cycle)), ledger);
        } catch (ProbeCheck.Stuck e) {
          stuck = "cycle " + cycle + ": " + e.getMessage();
          break; // the stuck thread holds the store: leave it open
        }
        stores.close();
        maxBytes = Math.max(maxBytes, ProbeStores.bytesOnDisk(o.dir()));
        if (cycle % 10 == 0) {
          progress.printf(
              "cycle %d: %,d acknowledged writes, %d lost, %,d bytes%n",
              cycle, ackI + ackA + ackD, lost(check), ProbeStores.bytesOnDisk(o.dir()));
        }
      }
      return new ProbeResult(
          o.store(),
          cycle,
          kills,
          childFailures,
          ackI,
          ackA,
          ackD,
          check.lostInserts,
          check.lostActivations,
          check.lostDeletes,
          check.lostEarlier,
          check.rewritten,
          openFailures,
          stuck,
          maxBytes,
          ProbeStores.bytesOnDisk(o.dir()),
          (System.nanoTime() - start) / 1_000_000_000L);
    }
  }

  private static long lost(ProbeCheck c) {
    return c.lostInserts + c.lostActivations + c.lostDeletes + c.lostEarlier;
  }

  /**
   * Starts the child, kills it after {@code killAfterMs} and reads what it acknowledged; returns
   * false if it ended on its own (it failed: its error is in {@code child.log}).
   */
  private static boolean runChild(
      Options o, int cycle, boolean duringStartup, int killAfterMs, ProbeLedger ledger)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ProbeChild.class.getName());
    command.addAll(
        List.of(o.store(), o.dir().toString(), String.valueOf(o.threads()), String.valueOf(cycle)));
    Process child =
        new ProcessBuilder(command)
            .redirectError(Redirect.appendTo(o.dir().resolve("child.log").toFile()))
            .start();
    // A probe stopped with SIGTERM or Ctrl-C must not leave a writer behind.
    Thread killChild = new Thread(() -> child.toHandle().destroyForcibly());
    Runtime.getRuntime().addShutdownHook(killChild);
    Thread reader = new Thread(() -> ledger.readAll(child.getInputStream()), "probe-reader");
    reader.start();
    if (!duringStartup) {
      ledger.firstWrite.await(60, TimeUnit.SECONDS);
    }
    boolean endedAlone = child.waitFor(killAfterMs, TimeUnit.MILLISECONDS);
    // SIGKILL on Linux: no shutdown hook, no close. Through the handle, because
    // Process.destroyForcibly also closes our end of the child's output, and the lines still in
    // the pipe (writes the store acknowledged) would go unread.
    child.toHandle().destroyForcibly();
    if (!child.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the child survived SIGKILL for 60 s");
    }
    reader.join();
    Runtime.getRuntime().removeShutdownHook(killChild);
    return !endedAlone;
  }

  static Options parse(String... args) throws IOException {
    String store = "sqlite";
    int cycles = 100;
    int threads = 16;
    Path dir = null;
    int minMs = 0;
    int maxMs = 2000;
    long seed = System.nanoTime();
    int boundSeconds = 30;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--store" -> store = value;
        case "--cycles" -> cycles = Integer.parseInt(value);
        case "--threads" -> threads = Integer.parseInt(value);
        case "--dir" -> dir = Path.of(value);
        case "--min-ms" -> minMs = Integer.parseInt(value);
        case "--max-ms" -> maxMs = Integer.parseInt(value);
        case "--seed" -> seed = Long.parseLong(value);
        case "--bound-seconds" -> boundSeconds = Integer.parseInt(value);
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; options: --store "
                    + ProbeStores.NAMES
                    + " --cycles --threads --dir --min-ms --max-ms --seed --bound-seconds");
      }
      i++;
    }
    if (!ProbeStores.NAMES.contains(store)) {
      throw new IllegalArgumentException("--store takes " + ProbeStores.NAMES + ", was " + store);
    }
    if (cycles < 1 || threads < 1 || minMs < 0 || maxMs < minMs || boundSeconds < 1) {
      throw new IllegalArgumentException(
          "--cycles, --threads, --bound-seconds must be positive,"
              + " and 0 <= --min-ms <= --max-ms");
    }
    if (dir == null) {
      dir = Files.createTempDirectory("lessor-probe-" + store);
    }
    return new Options(
        store, cycles, threads, dir, minMs, maxMs, seed, Duration.ofSeconds(boundSeconds));
  }
}
