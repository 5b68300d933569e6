package dev.lessor.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Schedule + cancel per lease under JMH, with {@code live} leases in place: Lessor's in-memory
 * expiry index against one {@code ScheduledThreadPoolExecutor} task per lease ({@code store} vs
 * {@code timer}), and the whole issue + revoke path against a hand-written manager ({@code lessor}
 * vs {@code handWritten}). See {@link Churn} for what each does.
 *
 * <pre>
 * java -jar benchmarks/target/lessor-benchmarks.jar ScheduleCancelBenchmark -p live=1000000
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = "-Xmx4g")
public class ScheduleCancelBenchmark {

  /** One workload per benchmark method, built once per fork. Not thread-safe. */
  @State(Scope.Thread)
  public static class Workload {
    @Param({"100000"})
    public int live;

    @Param({"store", "timer", "lessor", "handWritten"})
    public String side;

    Churn churn;
    int op;

    @Setup(Level.Trial)
    public void setUp() {
      churn =
          switch (side) {
            case "store" -> new Churn.Store(live);
            case "timer" -> new Churn.Timer(live);
            case "lessor" -> new Churn.ViaLessor(live);
            case "handWritten" -> new Churn.HandWritten(live);
            default -> throw new IllegalArgumentException("unknown side " + side);
          };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      churn.close();
    }
  }

  /** Schedules one lease and cancels it. */
  @Benchmark
  public void scheduleCancel(Workload workload) {
    workload.churn.accept(workload.op++);
  }
}
