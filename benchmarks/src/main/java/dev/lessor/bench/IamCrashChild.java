package dev.lessor.bench;

import dev.lessor.LeaseEvent;
import dev.lessor.Lessor;
import dev.lessor.jdbc.JdbcStores;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child JVM of {@link IamCrashLoop}: opens the store, builds the Lessor, mounts the AWS engine
 * (whose configuration, written once by the parent, points at the parent's LocalIam) and mints with
 * N threads until the parent kills it. Its standard output is a protocol of whole lines, each
 * flushed as it is written:
 *
 * <ul>
 *   <li>{@code READY}: the Lessor is built and the engine mounted (revocation runs from here on);
 *   <li>{@code I <lease id> <millis>}: a credential was handed out, the read took millis;
 *   <li>{@code R}: a lease was revoked (expired or revoked early);
 *   <li>{@code F <error>}: a revocation attempt failed (will be retried);
 *   <li>{@code E <exception class>}: a mint failed;
 *   <li>{@code OPEN_FAILED <exception class>: <message>}: the store did not open; exits with 3.
 * </ul>
 *
 * <p>Arguments: store kind, directory, minting threads, revocation concurrency.
 */
public final class IamCrashChild {
  /** The first few failures are printed whole; the rest only by class, to bound the output. */
  private static final int DETAILED_ERRORS = 20;

  private static final PrintStream OUT = System.out;
  private static final AtomicInteger errors = new AtomicInteger();

  private IamCrashChild() {}

  public static void main(String[] args) {
    exitWhenParentGoes();
    String kind = args[0];
    Path dir = Path.of(args[1]);
    int threads = Integer.parseInt(args[2]);
    int revocationConcurrency = Integer.parseInt(args[3]);
    JdbcStores stores;
    try {
      stores = CrashStores.open(kind, dir);
    } catch (Throwable e) { // any failure to open is a figure of the loop, not a crash of it
      line("OPEN_FAILED " + e.getClass().getName() + ": " + e.getMessage());
      System.exit(3);
      return;
    }
    Lessor lessor = IamCrashLessors.build(stores, revocationConcurrency);
    lessor.leases().addListener(IamCrashChild::onEvent);
    IamCrashLessors.mount(lessor);
    line("READY");
    for (int t = 0; t < threads; t++) {
      Thread minter = new Thread(() -> mintForever(lessor), "mint-" + t);
      minter.start();
    }
  }

  /**
   * Halts this JVM once its standard input ends, which happens when the parent dies: a parent
   * killed by hand must not leave a child minting against an emulator that is gone.
   */
  private static void exitWhenParentGoes() {
    Thread watcher =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // the parent writes nothing; read until the pipe closes
                }
              } catch (IOException e) {
                // a broken pipe means the same
              }
              Runtime.getRuntime().halt(0);
            },
            "parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  private static void onEvent(LeaseEvent event) {
    switch (event.type()) {
      case EXPIRED, REVOKED -> line("R");
      case REVOCATION_FAILED, IRREVOCABLE -> line("F " + event.error().orElse("?"));
      default -> {}
    }
  }

  /** Mints until the JVM dies; a failed mint is reported and the thread goes on. */
  private static void mintForever(Lessor lessor) {
    while (true) {
      long started = System.nanoTime();
      try {
        String id = lessor.read(IamCrashLessors.CREDS).lease().orElseThrow().id();
        line("I " + id + " " + (System.nanoTime() - started) / 1_000_000);
      } catch (Throwable e) { // a long-lived loop survives anything
        boolean detailed = errors.incrementAndGet() <= DETAILED_ERRORS;
        line("E " + e.getClass().getName() + (detailed ? ": " + e.getMessage() : ""));
        pauseAfterError();
      }
    }
  }

  /** Keeps a store or IAM that fails at once from turning the thread into a busy loop. */
  private static void pauseAfterError() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void line(String text) {
    synchronized (OUT) {
      OUT.println(text.replace('\n', ' '));
      OUT.flush();
    }
  }
}
