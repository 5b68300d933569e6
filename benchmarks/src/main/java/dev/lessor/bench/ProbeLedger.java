package dev.lessor.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The writes one child acknowledged, read from its standard output: {@code I id} (inserted
 * PENDING), {@code A id} (updated to ACTIVE), {@code D id} (deleted). Filled by one reader thread,
 * read by the probe after that thread ended.
 */
final class ProbeLedger {
  final Set<String> inserted = new HashSet<>();
  final Set<String> activated = new HashSet<>();
  final Set<String> deleted = new HashSet<>();

  /** Counted down at the child's first acknowledged write. */
  final CountDownLatch firstWrite = new CountDownLatch(1);

  /** Reads {@code in} to its end (the child's death); a torn last line is ignored. */
  void readAll(InputStream in) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.length() < 3 || line.charAt(1) != ' ') {
          continue;
        }
        firstWrite.countDown();
        String id = line.substring(2);
        switch (line.charAt(0)) {
          case 'I' -> inserted.add(id);
          case 'A' -> activated.add(id);
          case 'D' -> deleted.add(id);
          default -> {
            // Not a ledger line (a stray print): ignored.
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int writes() {
    return inserted.size() + activated.size() + deleted.size();
  }
}
