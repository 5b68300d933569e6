package dev.lessor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevocationLedgerTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final Duration MOUNT_WAIT = Duration.ofSeconds(1);
  private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(2);

  private final RevocationLedger ledger =
      new RevocationLedger(
          10, Duration.ofSeconds(20), Duration.ofSeconds(30), MOUNT_WAIT, CLAIM_TIMEOUT);

  private static Instant at(double seconds) {
    return T0.plusMillis((long) (seconds * 1000));
  }

  /** Users u0..u{n-1}, user i due at {@code firstDue + i} seconds. */
  private static Map<String, Instant> users(int n, double firstDue) {
    Map<String, Instant> users = new HashMap<>();
    for (int i = 0; i < n; i++) {
      users.put("u" + i, at(firstDue + i));
    }
    return users;
  }

  @Test
  void observe_revocationsInDueOrder_passNoUserAndNeverStall() {
    Map<String, Instant> live = users(30, 0);
    ledger.observe(at(1), at(0), live);
    for (int i = 0; i < 30; i++) { // one user a second, earliest due first
      live.remove("u" + i);
      ledger.observe(at(2 + i), at(0), live);
    }

    assertThat(ledger.worstPasses()).isZero();
    assertThat(ledger.worstStall()).isZero();
    assertThat(ledger.overBound()).isFalse();
    assertThat(ledger.deleted()).isEqualTo(30);
  }

  @Test
  void observe_userWhoseLeaseWasLost_isPassedByLaterRevocationsPastTheBound() {
    Map<String, Instant> live = users(30, 0);
    ledger.observe(at(1), at(0), live);
    for (int i = 1; i < 30; i++) { // u0 is never revoked: its lease record is gone
      live.remove("u" + i);
      ledger.observe(at(2 + i), at(0), live);
    }

    assertThat(ledger.worstPasses()).isEqualTo(27); // u3..u29 are due more than 2 s after u0
    assertThat(ledger.worstOverdue()).isEqualTo(Duration.ofSeconds(30)); // owed from 1 s to 31 s
    assertThat(ledger.passedOver()).isEqualTo(1);
    assertThat(ledger.overBound()).isTrue();
  }

  @Test
  void observe_manyLaterRevocationsButAShortWait_isNotPassedOver() {
    Map<String, Instant> live = users(40, 0);
    ledger.observe(at(1), at(0), live);
    ledger.observe(at(1.5), at(0), live);
    for (int i = 1; i < 40; i++) { // u0's revocation waits on a lock while the others go
      live.remove("u" + i);
    }
    ledger.observe(at(6), at(0), live); // 37 passes, 5 s overdue
    live.remove("u0");
    ledger.observe(at(7), at(0), live);

    assertThat(ledger.worstPasses()).isEqualTo(37);
    assertThat(ledger.passedOver()).isZero();
    assertThat(ledger.overBound()).isFalse();
  }

  @Test
  void observe_nothingDeletedWhileUsersAreOwed_stallAddsUpAcrossCyclesUntilADeletion() {
    Map<String, Instant> live = users(3, 0);
    Instant ready = at(0);
    ledger.observe(at(1), ready, live);
    ledger.observe(at(21), ready, live); // owed from 1 s (ready + mount wait): 20 s stalled
    ledger.killed(at(21));
    ledger.observe(at(22), null, live); // the next child is not ready: no time counts
    Instant nextReady = at(22);
    ledger.observe(at(24), nextReady, live); // owed from 23 s (kill + claim timeout, ready + 1 s)
    ledger.observe(at(35), nextReady, live);

    assertThat(ledger.worstStall()).isEqualTo(Duration.ofSeconds(31));
    assertThat(ledger.overBound()).isTrue();

    live.remove("u0");
    ledger.observe(at(36), nextReady, live);
    ledger.observe(at(37), nextReady, live);
    assertThat(ledger.worstStall()).isEqualTo(Duration.ofSeconds(31)); // reset, not grown
  }

  @Test
  void observe_usersNotYetDueOrStillClaimedByTheKilledChild_areNotOwed() {
    Map<String, Instant> live = users(20, 100); // due from 100 s on
    ledger.observe(at(1), at(0), live);
    for (int i = 19; i >= 0; i--) { // latest due first, all before anyone is due
      live.remove("u" + i);
      ledger.observe(at(50 - i), at(0), live);
    }
    assertThat(ledger.worstPasses()).isZero();
    assertThat(ledger.worstStall()).isZero();

    Map<String, Instant> claimed = users(1, 0);
    claimed.put("late", at(1)); // due, but held by the claim of the child killed at 60 s
    ledger.killed(at(60));
    ledger.observe(at(61), at(60.5), claimed);
    claimed.remove("u0");
    ledger.observe(at(61.9), at(60.5), claimed);
    assertThat(ledger.worstOverdue()).isEqualTo(Duration.ZERO);
  }
}
