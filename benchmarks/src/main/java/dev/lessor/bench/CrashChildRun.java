package dev.lessor.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One child JVM of the crash loop, seen from the parent: starts it, reads its line protocol (see
 * {@link IamCrashChild}) on a thread of its own, and kills it with SIGKILL. Every wait is bounded.
 * The counters are safe to read from the parent's thread once {@link #kill} has returned.
 */
final class CrashChildRun {
  private static final int KEPT_MESSAGES = 5;

  private final Process process;
  private final Thread reader;
  private final long startedNanos = System.nanoTime();
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Set<String> handedOut;
  private final List<Long> mintMillis;
  private volatile Instant readyAt;
  private volatile long readyNanos;
  private volatile String openFailure;
  private volatile Instant lastRevoked;
  final AtomicInteger issued = new AtomicInteger();
  final AtomicInteger revoked = new AtomicInteger();
  final AtomicInteger revocationFailures = new AtomicInteger();
  final AtomicInteger mintErrors = new AtomicInteger();
  final List<String> messages = new ArrayList<>();

  /**
   * Starts a child on {@code store} in {@code dir} with {@code threads} minting threads and {@code
   * revocationConcurrency}; each lease id it hands out is added to {@code handedOut} and each
   * mint's millis to {@code mintMillis} (both thread-safe collections). Its standard error is
   * appended to {@code log}.
   */
  CrashChildRun(
      String store,
      Path dir,
      int threads,
      int revocationConcurrency,
      Path log,
      Set<String> handedOut,
      List<Long> mintMillis)
      throws IOException {
    this.handedOut = handedOut;
    this.mintMillis = mintMillis;
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(IamCrashChild.class.getName());
    command.addAll(
        List.of(
            store,
            dir.toString(),
            Integer.toString(threads),
            Integer.toString(revocationConcurrency)));
    this.process =
        new ProcessBuilder(command)
            .redirectError(Redirect.appendTo(log.toFile()))
            .redirectInput(Redirect.PIPE)
            .start();
    this.reader = new Thread(this::readLines, "crash-child-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Waits at most {@code millis} for READY; true if the child is ready. */
  boolean awaitReady(long millis) throws InterruptedException {
    return ready.await(millis, TimeUnit.MILLISECONDS);
  }

  /** When the parent read READY, or null if it never did. */
  Instant readyAt() {
    return readyAt;
  }

  /** Milliseconds from start to READY, or -1 if it never was ready. */
  long startupMillis() {
    return readyAt == null ? -1 : (readyNanos - startedNanos) / 1_000_000;
  }

  /** The OPEN_FAILED line's text, or null. */
  String openFailure() {
    return openFailure;
  }

  /** Whether the child reported a revocation within {@code window} before {@code at}. */
  boolean revokedWithin(Instant at, Duration window) {
    Instant last = lastRevoked;
    return last != null && !last.isBefore(at.minus(window));
  }

  boolean alive() {
    return process.isAlive();
  }

  /**
   * Kills the child with SIGKILL (no shutdown hook, no store close) and waits for it and its output
   * to end, with bounds.
   *
   * @return false if it would not die within 30 s
   */
  boolean kill() throws InterruptedException {
    process.destroyForcibly();
    boolean dead = process.waitFor(30, TimeUnit.SECONDS);
    reader.join(10_000);
    return dead;
  }

  private void readLines() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        handle(line);
      }
    } catch (IOException | RuntimeException e) {
      // the stream breaks when the child is killed mid-line: the line is lost, as the work was
    }
  }

  private void handle(String line) {
    if (line.equals("READY")) {
      readyNanos = System.nanoTime();
      readyAt = Instant.now();
      ready.countDown();
    } else if (line.equals("R")) {
      lastRevoked = Instant.now();
      revoked.incrementAndGet();
    } else if (line.startsWith("I ")) {
      String[] parts = line.split(" ");
      if (parts.length == 3) { // a line the kill cut inside the id is not counted
        handedOut.add(parts[1]); // printed after the read returned: handed out, even if cut
        issued.incrementAndGet();
        try {
          mintMillis.add(Long.parseLong(parts[2]));
        } catch (NumberFormatException cut) {
          // the kill cut the figure, not the id
        }
      }
    } else if (line.startsWith("F ")) {
      revocationFailures.incrementAndGet();
      keep(line);
    } else if (line.startsWith("E ")) {
      mintErrors.incrementAndGet();
      keep(line);
    } else if (line.startsWith("OPEN_FAILED ")) {
      openFailure = line.substring("OPEN_FAILED ".length());
    }
  }

  private void keep(String line) {
    synchronized (messages) {
      if (messages.size() < KEPT_MESSAGES) {
        messages.add(line);
      }
    }
  }
}
