package dev.lessor.bench;

import dev.lessor.Lessor;
import dev.lessor.jdbc.JdbcStores;
import dev.lessor.testing.LocalIam;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The crash loop with IAM: a child JVM mints IAM users through the AWS engine against a LocalIam in
 * this JVM, on a durable store, and is killed with SIGKILL at a random moment, cycle after cycle,
 * some during startup and most while it mints and revokes. Between cycles this JVM checks from
 * LocalIam that automatic revocation keeps working ({@link RevocationLedger}); at the end it opens
 * the store itself, counts the IAM users no lease names, lets revocation drain and counts the users
 * left. Prints its figures (see {@link IamCrashResult}); exits 0 if they pass, 1 if not, 2 on bad
 * arguments.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/lessor-benchmarks.jar dev.lessor.bench.IamCrashLoop \
 *     --cycles 1000 --threads 32 --store sqlite --seed 1
 * </pre>
 */
public final class IamCrashLoop {
  /** How long a child may take to open the store and mount before it counts as stuck. */
  static final long STARTUP_BOUND_MS = 30_000;

  /** Cycles in a row whose child could not start before the loop gives up. */
  private static final int FAILED_STARTS_TO_ABORT = 3;

  /** How often the parent looks at IAM while a child runs. */
  private static final long SNAPSHOT_MILLIS = 200;

  private IamCrashLoop() {}

  public static void main(String[] args) throws Exception {
    IamCrashOptions options;
    try {
      options = IamCrashOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    IamCrashResult result = run(options, System.out);
    System.exit(result.passed() ? 0 : 1);
  }

  /** Runs the loop, printing progress and then the figures to {@code out}. */
  static IamCrashResult run(IamCrashOptions o, PrintStream out) throws Exception {
    long started = System.nanoTime();
    Path work = workDir(o.dir());
    Path storeDir = work.resolve("store");
    Path log = work.resolve("children.log");
    out.printf("IAM crash loop in %s (children's stderr in %s)%n", work, log);
    try (LocalIam iam = LocalIam.builder().userLimit(1_000_000).start()) {
      configure(o.store(), storeDir, iam);
      Random random = new Random(o.seed());
      RevocationLedger ledger =
          new RevocationLedger(
              o.passBound(),
              o.overdueBound(),
              o.stallBound(),
              IamCrashLessors.MOUNT_WAIT,
              IamCrashLessors.CLAIM_TIMEOUT);
      Set<String> handedOut = ConcurrentHashMap.newKeySet();
      List<Long> mintMillis = Collections.synchronizedList(new ArrayList<>());
      CrashTally tally = new CrashTally();
      StoreSizeLedger sizes = new StoreSizeLedger(storeDir);
      double startupEstimateMs = 2_000;
      int failedStartsInARow = 0;
      int firstOverBound = -1;
      String aborted = null;
      int cycle = 0;
      while (cycle < o.cycles() && aborted == null) {
        cycle++;
        CrashChildRun child =
            new CrashChildRun(
                o.store(),
                storeDir,
                o.threads(),
                o.revocationConcurrency(),
                log,
                handedOut,
                mintMillis);
        boolean startupKill = random.nextDouble() < o.startupKills();
        long killDelay =
            startupKill
                ? (long) (random.nextDouble() * startupEstimateMs * 1.2)
                : (long) (random.nextDouble() * o.maxRun().toMillis());
        Instant killedAt;
        boolean aliveAtKill;
        try {
          if (startupKill) {
            watch(child, iam, ledger, System.nanoTime() + killDelay * 1_000_000);
          } else if (awaitReady(child)) {
            watch(child, iam, ledger, System.nanoTime() + killDelay * 1_000_000);
          }
        } finally {
          aliveAtKill = child.alive();
          killedAt = Instant.now();
          tally.undead += child.kill() ? 0 : 1;
        }
        Instant readyAt = child.readyAt();
        if (readyAt != null) {
          startupEstimateMs = 0.8 * startupEstimateMs + 0.2 * child.startupMillis();
        }
        IamUsers.Snapshot users = IamUsers.snapshot(iam, killedAt);
        sizes.sample(cycle, users.dueTimes().size()); // no process has the store open now
        ledger.observe(killedAt, readyAt, users.dueTimes());
        ledger.killed(killedAt);
        boolean failedStart = tally.count(cycle, child, startupKill, aliveAtKill, killedAt, users);
        failedStartsInARow = failedStart ? failedStartsInARow + 1 : 0;
        if (failedStartsInARow >= FAILED_STARTS_TO_ABORT) {
          aborted = "no child could start in " + failedStartsInARow + " cycles in a row";
        }
        boolean newlyOver = firstOverBound < 0 && ledger.overBound();
        if (newlyOver) {
          firstOverBound = cycle;
        }
        if (cycle % 10 == 0 || newlyOver) {
          out.printf(
              "cycle %d: %d IAM users live, %d passed over (worst %d passes, %.1f s overdue),"
                  + " stalled at most %.1f s; %d handed out so far; store %,d bytes;"
                  + " load average %.1f%n",
              cycle,
              users.dueTimes().size(),
              ledger.passedOver(),
              ledger.worstPasses(),
              ledger.worstOverdue().toMillis() / 1000.0,
              ledger.worstStall().toMillis() / 1000.0,
              handedOut.size(),
              sizes.latest().bytes(),
              // tells a machine too busy for the children from a store that stopped them
              ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
      }
      out.println("final restart and drain");
      IamCrashDrain.Result drain;
      boolean drainHung = false;
      ExecutorService drainer =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "iam-crash-drain");
                t.setDaemon(true); // a drain stuck in the store must not keep the JVM alive
                return t;
              });
      try {
        Future<IamCrashDrain.Result> future =
            drainer.submit(() -> IamCrashDrain.run(o, storeDir, iam, handedOut));
        drain = future.get(o.drainTimeout().toSeconds() + 60, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        drainHung = true;
        int users = iam.users().size();
        drain = new IamCrashDrain.Result(false, 0, users, 0, 0, 0, users, -1, 0);
      } finally {
        drainer.shutdownNow();
      }
      // closed cleanly by the drain (unless it hung): checkpointed, the WAL gone
      long afterCleanClose = drainHung ? -1 : ProbeStores.bytesOnDisk(storeDir);
      IamCrashResult result =
          new IamCrashResult(
              o,
              cycle,
              aborted,
              tally.startupKills,
              tally.readyKills,
              tally.revoking,
              tally.midRevocation,
              tally.stuck,
              tally.openFailures,
              tally.exitedEarly,
              tally.undead,
              handedOut.size(),
              tally.mintErrors,
              tally.revoked,
              tally.revocationFailures,
              percentiles(mintMillis),
              ledger,
              firstOverBound,
              drain,
              drainHung,
              sizes,
              afterCleanClose,
              iam.callCounts(),
              Duration.ofNanos(System.nanoTime() - started),
              tally.messages);
      result.print(out);
      return result;
    }
  }

  /**
   * Lets the child run until {@code killAtNanos}, showing the ledger a snapshot of IAM about every
   * {@value #SNAPSHOT_MILLIS} ms; returns early if the child ends.
   */
  private static void watch(
      CrashChildRun child, LocalIam iam, RevocationLedger ledger, long killAtNanos)
      throws InterruptedException {
    while (child.alive()) {
      long left = killAtNanos - System.nanoTime();
      if (left <= 0) {
        return;
      }
      // the kill moment is the experiment, not a wait for a state
      Thread.sleep(Math.min(SNAPSHOT_MILLIS, left / 1_000_000 + 1));
      Instant at = Instant.now();
      ledger.observe(at, child.readyAt(), IamUsers.snapshot(iam, at).dueTimes());
    }
  }

  /** Waits for READY within the startup bound; false early if the child ends first. */
  private static boolean awaitReady(CrashChildRun child) throws InterruptedException {
    long deadline = System.nanoTime() + STARTUP_BOUND_MS * 1_000_000;
    while (System.nanoTime() < deadline) {
      if (child.awaitReady(50)) {
        return true;
      }
      if (!child.alive()) {
        return child.awaitReady(1_000); // READY may still be in the pipe
      }
    }
    return false;
  }

  /** Writes the engine's configuration once, before the first child, and closes cleanly. */
  private static void configure(String store, Path storeDir, LocalIam iam) {
    try (JdbcStores stores = CrashStores.open(store, storeDir);
        Lessor lessor =
            IamCrashLessors.build(stores, IamCrashLessors.DEFAULT_REVOCATION_CONCURRENCY)) {
      IamCrashLessors.mount(lessor);
      IamCrashLessors.configure(lessor, iam);
    }
  }

  private static Path workDir(Path dir) throws IOException {
    if (dir == null) {
      return Files.createTempDirectory("lessor-iam-crash-");
    }
    if (Files.exists(dir)) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException("--dir must be absent or empty, " + dir + " is not");
        }
      }
    }
    return Files.createDirectories(dir);
  }

  /** Median, p99 and max, or zeros when nothing was minted. */
  private static List<Long> percentiles(List<Long> values) {
    List<Long> sorted;
    synchronized (values) {
      sorted = new ArrayList<>(values);
    }
    if (sorted.isEmpty()) {
      return List.of(0L, 0L, 0L);
    }
    Collections.sort(sorted);
    int n = sorted.size();
    return List.of(sorted.get(n / 2), sorted.get(Math.min(n - 1, n * 99 / 100)), sorted.get(n - 1));
  }
}
