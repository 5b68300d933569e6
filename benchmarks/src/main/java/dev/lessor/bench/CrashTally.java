package dev.lessor.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The crash loop's counts of kills and of what the children reported. Not thread-safe. */
final class CrashTally {
  /** A kill this soon after the child reported a revocation counts as a kill while revoking. */
  private static final Duration REVOKING_WINDOW = Duration.ofMillis(500);

  private static final int KEPT_MESSAGES = 20;

  int startupKills;
  int readyKills;
  int revoking;
  int midRevocation;
  int stuck;
  int openFailures;
  int exitedEarly;
  int undead;
  long mintErrors;
  long revoked;
  long revocationFailures;
  final List<String> messages = new ArrayList<>();

  /**
   * Counts the cycle of {@code child}, killed at {@code killedAt}, after which IAM held {@code
   * users}.
   *
   * @return whether the child failed to start (its store did not open, or it was not ready within
   *     the startup bound although it was given that long)
   */
  boolean count(
      int cycle,
      CrashChildRun child,
      boolean startupKill,
      boolean aliveAtKill,
      Instant killedAt,
      IamUsers.Snapshot users) {
    boolean failedStart = false;
    if (child.openFailure() != null) {
      openFailures++;
      failedStart = true;
      keep("cycle " + cycle + " OPEN_FAILED " + child.openFailure());
    } else if (!aliveAtKill) {
      exitedEarly++;
    }
    Instant readyAt = child.readyAt();
    if (readyAt == null || readyAt.isAfter(killedAt)) {
      startupKills++;
      if (!startupKill && child.openFailure() == null) {
        stuck++;
        failedStart = true;
        keep("cycle " + cycle + ": not ready within " + IamCrashLoop.STARTUP_BOUND_MS + " ms");
      }
    } else {
      readyKills++;
      revoking += child.revokedWithin(killedAt, REVOKING_WINDOW) ? 1 : 0;
      midRevocation += users.halfDeleted() > 0 ? 1 : 0;
    }
    mintErrors += child.mintErrors.get();
    revoked += child.revoked.get();
    revocationFailures += child.revocationFailures.get();
    synchronized (child.messages) {
      for (String message : child.messages) {
        keep("cycle " + cycle + ": " + message);
      }
    }
    return failedStart;
  }

  private void keep(String message) {
    if (messages.size() < KEPT_MESSAGES) {
      messages.add(message);
    }
  }
}
