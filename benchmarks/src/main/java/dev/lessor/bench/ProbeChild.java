package dev.lessor.bench;

import dev.lessor.LeaseState;
import dev.lessor.jdbc.JdbcStores;
import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The child JVM of {@link StoreCrashProbe}: {@code threads} writer threads insert PENDING leases,
 * update them to ACTIVE and delete every other one, printing each write ({@code I id}, {@code A
 * id}, {@code D id}) on standard output only after the store acknowledged it, until the parent
 * kills the JVM with SIGKILL.
 */
public final class ProbeChild {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  private ProbeChild() {}

  /** Arguments: store name, directory, threads, cycle number. */
  public static void main(String[] args) {
    String store = args[0];
    Path dir = Path.of(args[1]);
    int threads = Integer.parseInt(args[2]);
    String cycle = args[3];
    // Unbuffered beyond one line: a line is in the pipe once println returns.
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    JdbcStores stores = ProbeStores.open(store, dir);
    LeaseStore leases = stores.leaseStore();
    for (int t = 0; t < threads; t++) {
      String prefix = StoreCrashProbe.cyclePrefix(cycle) + t + "/";
      new Thread(() -> write(leases, prefix, out), "writer-" + t).start();
    }
  }

  private static void write(LeaseStore leases, String prefix, PrintStream out) {
    for (long n = 0; ; n++) {
      String id = prefix + n;
      LeaseRecord pending = pending(id);
      leases.insert(pending);
      print(out, "I " + id);
      LeaseRecord active =
          leases
              .update(pending.withState(LeaseState.ACTIVE))
              .orElseThrow(() -> new IllegalStateException("lost update of " + id));
      print(out, "A " + id);
      if (n % 2 == 0) {
        if (!leases.delete(active.id())) {
          throw new IllegalStateException("delete of " + id + " found no row");
        }
        print(out, "D " + id);
      }
    }
  }

  private static void print(PrintStream out, String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  static LeaseRecord pending(String id) {
    return new LeaseRecord(
        id,
        "probe/",
        "probe",
        "probe/creds/r",
        LeaseState.PENDING,
        T0,
        T0.plusSeconds(3600),
        T0.plusSeconds(3600),
        true,
        Map.of("user_name", "u-" + id),
        T0.plusSeconds(3600),
        0,
        null,
        0);
  }
}
