package dev.lessor;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what slf4j-simple prints (to System.err) while open, also passing it through. Tests in
 * this module run one at a time, so the capture sees one test's lines.
 */
final class CapturedLogs implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  CapturedLogs() {
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  /** What was printed so far. */
  String text() {
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    System.setErr(original);
    original.print(text());
  }
}
