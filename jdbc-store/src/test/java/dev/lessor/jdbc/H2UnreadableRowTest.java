package dev.lessor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.LeaseState;
import dev.lessor.Lessor;
import dev.lessor.LessorException;
import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import dev.lessor.testing.FakeSecretsEngine;
import dev.lessor.testing.ManualClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lease row that cannot be decoded is set aside; it never stops the other leases. */
class H2UnreadableRowTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  @TempDir Path dir;
  private JdbcStores stores;
  private LeaseStore store;

  @BeforeEach
  void open() {
    stores = JdbcStores.h2(dir, TestKeys.key(1));
    store = stores.leaseStore();
  }

  @AfterEach
  void close() {
    stores.close();
  }

  private static LeaseRecord lease(String id, Instant due) {
    return LeaseRecord.builder()
        .id(id)
        .mount("fake/")
        .engine("fake")
        .path("fake/creds/app")
        .state(LeaseState.ACTIVE)
        .issueTime(T0.minusSeconds(3600))
        .expireTime(due)
        .maxExpireTime(due.plusSeconds(3600))
        .renewable(true)
        .internal(Map.of("credential_id", "c-" + id))
        .dueTime(due)
        .build();
  }

  /** Changes a row behind the store's back, as a flipped bit or a manual edit would. */
  private void corrupt(String sql, String id) throws SQLException {
    try (Connection c =
            DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("lessor"), "sa", "");
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  private Map<String, Object> rawRow(String id) throws SQLException {
    try (Connection c =
            DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("lessor"), "sa", "");
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT state, last_error, due_time FROM lessor_lease WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return Map.of(
            "state", rs.getString(1),
            "last_error", rs.getString(2),
            "due_time", LeaseRows.instant(rs.getLong(3)));
      }
    }
  }

  @Test
  void claimDue_undecodableRowsDueFirst_claimsTheGoodRowsAndSetsTheBadOnesAside()
      throws SQLException {
    store.insert(lease("l/bad-both", T0.minusSeconds(30)));
    store.insert(lease("l/bad-internal", T0.minusSeconds(20)));
    store.insert(lease("l/good-1", T0.minusSeconds(10)));
    store.insert(lease("l/good-2", T0));
    store.insert(lease("l/later", T0.plusSeconds(60)));
    corrupt(
        "UPDATE lessor_lease SET internal = X'01ff00', state = 'GARBAGE' WHERE id = ?",
        "l/bad-both");
    // One bit flipped in the ciphertext: authentication fails.
    corrupt(
        "UPDATE lessor_lease SET internal = BITXOR(internal, X'0000000000000000000000000000000001')"
            + " WHERE id = ?",
        "l/bad-internal");

    List<LeaseRecord> claimed = store.claimDue(T0, T0.plusSeconds(600), 2);

    assertThat(claimed).extracting(LeaseRecord::id).containsExactly("l/good-1", "l/good-2");
    for (String bad : List.of("l/bad-both", "l/bad-internal")) {
      Map<String, Object> row = rawRow(bad);
      assertThat(row.get("state")).isEqualTo("IRREVOCABLE");
      assertThat(row.get("due_time")).isEqualTo(T0.plus(Duration.ofDays(1)));
      assertThat((String) row.get("last_error")).startsWith("cannot be read: ");
    }
    assertThat((String) rawRow("l/bad-both").get("last_error")).contains("GARBAGE");
    assertThat((String) rawRow("l/bad-internal").get("last_error"))
        .contains("failed authentication");
    assertThat(store.claimDue(T0.plusSeconds(60), T0.plusSeconds(120), 10))
        .extracting(LeaseRecord::id)
        .containsExactly("l/later");
  }

  @Test
  void reads_undecodableRow_othersStillReadAndGetNamesIt() throws SQLException {
    store.insert(lease("l/bad", T0.minusSeconds(30)).withState(LeaseState.IRREVOCABLE));
    store.insert(lease("l/good", T0).withState(LeaseState.IRREVOCABLE));
    store.insert(lease("l/active", T0));
    corrupt("UPDATE lessor_lease SET internal = X'00' WHERE id = ?", "l/bad");

    assertThat(store.get("l/good")).isPresent();
    assertThat(store.list("l/")).containsExactly("l/active", "l/bad", "l/good");
    assertThat(store.count()).isEqualTo(3);
    assertThat(store.findByState(LeaseState.IRREVOCABLE, 10))
        .extracting(LeaseRecord::id)
        .containsExactly("l/good");
    assertThat(store.findByState(LeaseState.ACTIVE, 10))
        .extracting(LeaseRecord::id)
        .containsExactly("l/active");
    assertThatThrownBy(() -> store.get("l/bad"))
        .isInstanceOf(LessorException.class)
        .hasMessageContaining("lease l/bad cannot be read")
        .hasMessageContaining("not encrypted by Lessor");
  }

  @Test
  void lessor_oneLeaseRowDamaged_revokesEveryOtherLeaseAtExpiry() throws SQLException {
    ManualClock clock = new ManualClock();
    FakeSecretsEngine engine = new FakeSecretsEngine();
    try (Lessor lessor = TestLessors.onManualClock(stores, clock).build()) {
      lessor.mount("fake/", engine);
      String first = lessor.read("fake/creds/app", Map.of("ttl", "1h")).lease().orElseThrow().id();
      String second = lessor.read("fake/creds/app", Map.of("ttl", "2h")).lease().orElseThrow().id();
      String third = lessor.read("fake/creds/app", Map.of("ttl", "3h")).lease().orElseThrow().id();
      // A lookup waits for the lease's ACTIVE write, which is group-committed a moment after the
      // read returns: the damage must not be overwritten by it, nor the clock jump find a lease
      // still PENDING (adopted, then revoked a round later, out of expiry order).
      List.of(first, second, third).forEach(id -> lessor.leases().lookup(id));
      corrupt("UPDATE lessor_lease SET state = 'FROM_THE_FUTURE' WHERE id = ?", first);

      clock.advance(Duration.ofHours(3));

      assertThat(engine.revokedLeases()).containsExactly(second, third);
      assertThat(lessor.leases().list("fake/")).containsExactly(first);
      assertThat(rawRow(first).get("state")).isEqualTo("IRREVOCABLE");
      // Its state was the only damage: set aside, it reads again, and its next try revokes it.
      clock.advance(Duration.ofDays(1));
      assertThat(engine.revokedLeases()).containsExactly(second, third, first);
    }
  }

  @Test
  void revokeForce_prefixHoldsAnUnreadableRow_dropsItWithTheOthers() throws SQLException {
    ManualClock clock = new ManualClock();
    try (Lessor lessor = TestLessors.onManualClock(stores, clock).build()) {
      lessor.mount("fake/", new FakeSecretsEngine());
      String bad = lessor.read("fake/creds/app").lease().orElseThrow().id();
      lessor.read("fake/creds/app");
      corrupt("UPDATE lessor_lease SET internal = X'00' WHERE id = ?", bad);

      assertThat(lessor.leases().revokeForce("fake/creds/app/")).isEqualTo(2);

      assertThat(lessor.leases().list("fake/")).isEmpty();
    }
  }
}
