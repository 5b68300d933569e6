package dev.lessor.examples;

import dev.lessor.Lease;
import dev.lessor.Response;
import dev.lessor.SecretValue;
import dev.lessor.internal.Durations;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints the walkthrough the way a secrets server's CLI does: the command, then a {@code Key /
 * Value} table. Secret values are masked unless asked for. Not thread-safe.
 */
final class CliOutput {
  private static final String MASK = "****************";

  private final PrintStream out;
  private final boolean showSecrets;

  CliOutput(PrintStream out, boolean showSecrets) {
    this.out = out;
    this.showSecrets = showSecrets;
  }

  void stage(String title) {
    out.println();
    out.println("== " + title);
  }

  void command(String command) {
    out.println("$ " + command);
  }

  void line(String text) {
    out.println(text);
  }

  /** A response with its lease first, as {@code read aws/creds/my-role} prints it. */
  void response(Response response) {
    Map<String, Object> rows = new LinkedHashMap<>();
    response
        .lease()
        .ifPresent(
            lease -> {
              rows.put("lease_id", lease.id());
              rows.put("lease_duration", Durations.format(lease.ttl()));
              rows.put("lease_renewable", lease.renewable());
            });
    rows.putAll(response.data());
    table(rows);
    response.warnings().forEach(w -> out.println("WARNING! " + w));
  }

  /** A lease as {@code lease lookup} prints it. */
  void lease(Lease lease) {
    Map<String, Object> rows = new LinkedHashMap<>();
    rows.put("id", lease.id());
    rows.put("issue_time", lease.issueTime());
    rows.put("expire_time", lease.expireTime());
    rows.put("ttl", Durations.format(lease.ttl()));
    rows.put("renewable", lease.renewable());
    table(rows);
  }

  void table(Map<String, ?> rows) {
    int width = Math.max(3, rows.keySet().stream().mapToInt(String::length).max().orElse(3));
    String format = "%-" + width + "s    %s%n";
    out.printf(format, "Key", "Value");
    out.printf(format, "---", "-----");
    rows.forEach((key, value) -> out.printf(format, key, show(value)));
  }

  private String show(Object value) {
    if (value == null) {
      return "<nil>";
    }
    if (value instanceof SecretValue secret) {
      return showSecrets ? secret.reveal() : MASK;
    }
    return String.valueOf(value);
  }
}
