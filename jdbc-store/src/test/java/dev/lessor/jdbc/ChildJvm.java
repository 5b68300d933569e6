package dev.lessor.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The child JVM of the crash ITs: it runs a test class's {@code main} on this JVM's class path and
 * prints one id a line for each piece of work that has returned, and the parent kills it with
 * SIGKILL once it has read enough of them. Static and stateless, so thread-safe.
 */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * Starts {@code mainClass} with {@code args} in a new JVM on this JVM's class path, with {@code
   * environment} added to this JVM's environment and its standard error going to {@code stderr}.
   */
  static Process start(
      Class<?> mainClass, Redirect stderr, Map<String, String> environment, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr);
    builder.environment().putAll(environment);
    return builder.start();
  }

  /**
   * Reads the first {@code count} lines that {@code child} prints, then kills it with SIGKILL and
   * waits for it to die; fails unless it printed {@code count} lines before it ended.
   */
  static List<String> readLinesThenKill(Process child, int count)
      throws IOException, InterruptedException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
      String line;
      while (lines.size() < count && (line = out.readLine()) != null) {
        lines.add(line);
      }
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no H2 close
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(lines).hasSize(count);
    return lines;
  }

  /**
   * In the child: starts {@code threads} threads that each call {@code work} over and over and
   * print the id it returns, a whole line at a time, until the JVM is killed.
   */
  static void printForever(int threads, Supplier<String> work) {
    for (int t = 0; t < threads; t++) {
      new Thread(
              () -> {
                while (true) {
                  String id = work.get();
                  synchronized (System.out) {
                    System.out.println(id);
                    System.out.flush();
                  }
                }
              })
          .start();
    }
  }
}
