package dev.lessor.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The scale harness: measures what Lessor exists for, next to the simplest alternative measured in
 * the same process, and prints one Markdown table (figure, value, baseline, ratio, target,
 * pass/fail). Every figure is the median of {@code --runs} runs.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -Xmx4g -cp benchmarks/target/lessor-benchmarks.jar dev.lessor.bench.ScaleHarness --leases 1000000
 * </pre>
 *
 * <p>Exits with status 2 on bad arguments or too small a heap, 0 otherwise (a missed target is a
 * finding, not an error).
 */
public final class ScaleHarness {
  private ScaleHarness() {}

  public static void main(String[] args) {
    HarnessOptions options;
    try {
      options = HarnessOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (Heap.maxBytes() < options.heapNeeded()) {
      System.err.println(
          "--leases "
              + options.leases()
              + " needs a heap of at least "
              + Heap.mib(options.heapNeeded())
              + "; this JVM has "
              + Heap.mib(Heap.maxBytes())
              + ": run java with -Xmx"
              + ((options.heapNeeded() >> 30) + 1)
              + "g");
      System.exit(2);
      return;
    }
    run(options, System.out);
  }

  /** Runs the figures {@code options} asks for and prints the table to {@code out}. */
  static FigureTable run(HarnessOptions options, PrintStream out) {
    out.printf(
        "Lessor scale harness: --leases %,d, median of %d runs; %d cores, heap max %s (needs %s),"
            + " %s %s%n",
        options.leases(),
        options.runs(),
        Runtime.getRuntime().availableProcessors(),
        Heap.mib(Heap.maxBytes()),
        Heap.mib(options.heapNeeded()),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"));
    FigureTable table = new FigureTable();
    long started = System.nanoTime();
    if (options.runs("memory")) {
      progress("memory");
      addAll(table, MemoryFigure.measure(options));
    }
    if (options.runs("issue")) {
      progress("issue");
      addAll(table, IssueRateFigure.measure(options));
    }
    if (options.runs("revoke")) {
      progress("revoke");
      addAll(table, RevokePrefixFigure.measure(options));
    }
    if (options.runs("schedule")) {
      progress("schedule");
      addAll(table, ScheduleCancelFigure.measure(options));
    }
    if (options.runs("lateness")) {
      progress("lateness");
      addAll(table, ExpiryLatenessFigure.measure(options));
    }
    if (options.runs("mass")) {
      progress("mass");
      addAll(table, MassExpiryFigure.measure(options));
    }
    if (options.runs("journal")) {
      progress("journal");
      addAll(table, JournalFigures.measure(options));
    }
    if (options.runs("disk")) {
      progress("disk");
      addAll(table, JournalFigures.disk(options));
    }
    if (options.runs("aws")) {
      progress("aws");
      addAll(table, AwsLatencyFigure.measure(options));
    }
    if (options.runs("provider")) {
      progress("provider");
      addAll(table, ProviderFigure.measure(options));
    }
    if (options.runs("scrape")) {
      progress("scrape");
      addAll(table, ScrapeFigure.measure(options));
    }
    if (options.runs(HarnessOptions.TEN_MILLION)) {
      progress(HarnessOptions.TEN_MILLION);
      addAll(table, TenMillionFigure.measure(options));
    }
    out.print(table.render());
    out.printf(
        "took %s; peak heap used %s (GC: %s)%n",
        Stats.seconds(System.nanoTime() - started), Heap.mib(peakHeapUsed()), gcNames());
    return table;
  }

  /** Says on stderr what runs now, so that a long run shows where it is. */
  private static void progress(String group) {
    System.err.printf("[%tT] measuring %s%n", System.currentTimeMillis(), group);
  }

  private static void addAll(FigureTable table, List<Figure> figures) {
    figures.forEach(table::add);
  }

  private static long peakHeapUsed() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP)
        .mapToLong(pool -> pool.getPeakUsage().getUsed())
        .sum();
  }

  private static String gcNames() {
    return String.join(
        ", ",
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(java.lang.management.GarbageCollectorMXBean::getName)
            .toList());
  }
}
