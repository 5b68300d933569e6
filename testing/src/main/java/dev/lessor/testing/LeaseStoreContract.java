package dev.lessor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.lessor.LeaseState;
import dev.lessor.LeaseStats;
import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LeaseStore} must have, as a JUnit 5 suite. Extend it and return a
 * fresh, empty store from {@link #createStore()}; the suite closes it after each test. It includes
 * the {@link ScheduledTaskContract scheduled tasks}' suite.
 *
 * <p>Instants in the records it stores are whole microseconds: that is the precision a store must
 * keep (see {@link LeaseStore}). The suite is not thread-safe; each test uses its own store.
 */
public abstract class LeaseStoreContract extends ScheduledTaskContract {
  /** A due-time origin with a microsecond part, so that a store dropping micros fails. */
  protected static final Instant T0 = Instant.parse("2030-01-02T03:04:05.123456Z");

  private LeaseStore store;

  /** A new, empty store; called before each test. */
  protected abstract LeaseStore createStore();

  @BeforeEach
  void openStore() {
    store = createStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  /** The store under test. */
  @Override
  protected LeaseStore store() {
    return store;
  }

  /** An active record due at {@code due}, with version 0 and a small internal map. */
  protected static LeaseRecord record(String id, Instant due) {
    return new LeaseRecord(
        id,
        "aws/",
        "aws",
        id.substring(0, Math.max(0, id.lastIndexOf('/'))),
        LeaseState.ACTIVE,
        T0.minus(1, ChronoUnit.HOURS),
        due,
        due.plus(1, ChronoUnit.DAYS),
        true,
        Map.of("user_name", "vault-" + id.hashCode(), "access_key_id", "AKIAEXAMPLE"),
        due,
        0,
        null,
        0);
  }

  @Test
  void insert_newRecord_getReturnsEqualRecord() {
    LeaseRecord r = record("aws/creds/a/1", T0);

    store.insert(r);

    assertThat(store.get(r.id())).contains(r);
  }

  @Test
  void insert_existingId_throwsAndKeepsStoredRecord() {
    LeaseRecord first = record("aws/creds/a/1", T0);
    store.insert(first);

    assertThatThrownBy(() -> store.insert(record("aws/creds/a/1", T0.plusSeconds(5))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("aws/creds/a/1");
    assertThat(store.get(first.id())).contains(first);
    assertThat(store.count()).isEqualTo(1);
  }

  @Test
  void insert_versionGiven_storesThatVersion() {
    LeaseRecord r = record("aws/creds/a/1", T0).withVersion(7);

    store.insert(r);

    assertThat(store.get(r.id()).orElseThrow().version()).isEqualTo(7);
  }

  @Test
  void get_missingId_isEmpty() {
    assertThat(store.get("aws/creds/a/none")).isEmpty();
  }

  @Test
  void insert_everyFieldSet_roundTripsEqual() {
    LeaseRecord r =
        new LeaseRecord(
            "db/creds/ro/ü-✓-1",
            "db/",
            "db",
            "db/creds/ro",
            LeaseState.IRREVOCABLE,
            Instant.parse("1970-01-01T00:00:00.000001Z"),
            Instant.parse("2200-12-31T23:59:59.999999Z"),
            Instant.parse("2201-01-01T00:00:00Z"),
            false,
            Map.of("k", "välue ✓", "empty", ""),
            T0.plusNanos(1_000),
            5,
            "AccessDenied: not allowed to DeleteUser",
            42);

    store.insert(r);

    assertThat(store.get(r.id())).contains(r);
  }

  @Test
  void insert_engineTypes_roundTripAndUpdate() {
    LeaseRecord aws = record("aws/creds/a/1", T0);
    LeaseRecord custom =
        record("db/creds/b/1", T0).toBuilder().engine("com.example.DbEngine").build();
    LeaseRecord unknown =
        record("old/creds/c/1", T0).toBuilder().engine(LeaseRecord.UNKNOWN_ENGINE).build();

    store.insert(aws);
    store.insert(custom);
    store.insert(unknown);
    LeaseRecord retyped = store.update(unknown.toBuilder().engine("aws").build()).orElseThrow();

    assertThat(store.get(aws.id()).orElseThrow().engine()).isEqualTo("aws");
    assertThat(store.get(custom.id()).orElseThrow().engine()).isEqualTo("com.example.DbEngine");
    assertThat(retyped.engine()).isEqualTo("aws");
    assertThat(store.get(unknown.id())).contains(retyped);
    assertThat(store.claimDue(T0, T0.plusSeconds(60), 10))
        .extracting(LeaseRecord::id, LeaseRecord::engine)
        .containsExactlyInAnyOrder(
            tuple(aws.id(), "aws"),
            tuple(custom.id(), "com.example.DbEngine"),
            tuple(unknown.id(), "aws"));
  }

  @Test
  void storeId_sameStore_isStableAndNotBlank() {
    assertThat(store.storeId()).isNotBlank().isEqualTo(store.storeId());
  }

  @Test
  void insert_nullLastErrorAndEmptyInternal_roundTripsEqual() {
    LeaseRecord r = record("aws/creds/a/1", T0).withInternal(Map.of()).withFailure(0, null);

    store.insert(r);

    assertThat(store.get(r.id()).orElseThrow().lastError()).isNull();
    assertThat(store.get(r.id())).contains(r);
  }

  @Test
  void insert_largeInternalMap_roundTripsEqual() {
    Map<String, String> internal = new LinkedHashMap<>();
    for (int i = 0; i < 1_000; i++) {
      internal.put("key-" + i, "value-" + i + "-" + "x".repeat(i));
    }
    internal.put("big", "y".repeat(200_000));
    LeaseRecord r = record("aws/creds/a/1", T0).withInternal(internal);

    store.insert(r);

    assertThat(store.get(r.id()).orElseThrow().internal()).isEqualTo(internal);
  }

  @Test
  void insert_microsecondInstants_keepEveryMicrosecond() {
    Instant due = Instant.parse("2031-05-06T07:08:09.000001Z");
    LeaseRecord r = record("aws/creds/a/1", due);

    store.insert(r);

    LeaseRecord read = store.get(r.id()).orElseThrow();
    assertThat(read.dueTime()).isEqualTo(due);
    assertThat(read.expireTime()).isEqualTo(due);
    assertThat(read.issueTime()).isEqualTo(T0.minus(1, ChronoUnit.HOURS));
  }

  @Test
  void update_currentVersion_storesWithNextVersion() {
    LeaseRecord r = record("aws/creds/a/1", T0);
    store.insert(r);
    LeaseRecord changed =
        r.withState(LeaseState.PENDING)
            .withExpireTime(T0.plusSeconds(60))
            .withDueTime(T0.plusSeconds(30))
            .withInternal(Map.of("user_name", "u2"))
            .withFailure(2, "Throttling");

    Optional<LeaseRecord> stored = store.update(changed);

    assertThat(stored).contains(changed.withVersion(1));
    assertThat(store.get(r.id())).contains(changed.withVersion(1));
  }

  @Test
  void update_staleVersion_isEmptyAndKeepsStoredRecord() {
    LeaseRecord r = record("aws/creds/a/1", T0);
    store.insert(r);
    LeaseRecord current = store.update(r.withFailure(1, "first")).orElseThrow();

    Optional<LeaseRecord> stale = store.update(r.withFailure(1, "second"));

    assertThat(stale).isEmpty();
    assertThat(store.get(r.id())).contains(current);
  }

  @Test
  void update_missingRecord_isEmpty() {
    assertThat(store.update(record("aws/creds/a/none", T0))).isEmpty();
    assertThat(store.count()).isZero();
  }

  @Test
  void update_clearsLastError_storesNull() {
    LeaseRecord r = record("aws/creds/a/1", T0).withFailure(3, "boom");
    store.insert(r);

    LeaseRecord stored = store.update(r.withFailure(0, null)).orElseThrow();

    assertThat(stored.lastError()).isNull();
    assertThat(store.get(r.id())).contains(stored);
  }

  @Test
  void update_concurrentWritersOfOneVersion_exactlyOneWins() throws Exception {
    LeaseRecord r = record("aws/creds/a/1", T0);
    store.insert(r);
    int writers = 8;

    List<Optional<LeaseRecord>> results =
        ConcurrentRuns.run(writers, i -> () -> store.update(r.withFailure(i + 1, "writer " + i)));

    List<LeaseRecord> winners = results.stream().flatMap(Optional::stream).toList();
    assertThat(winners).hasSize(1);
    assertThat(store.get(r.id())).contains(winners.get(0));
    assertThat(winners.get(0).version()).isEqualTo(1);
  }

  @Test
  void delete_existingRecord_isTrueAndRemovesIt() {
    LeaseRecord r = record("aws/creds/a/1", T0);
    store.insert(r);

    assertThat(store.delete(r.id())).isTrue();

    assertThat(store.get(r.id())).isEmpty();
    assertThat(store.list("")).isEmpty();
    assertThat(store.nextDueTime()).isEmpty();
    assertThat(store.count()).isZero();
  }

  @Test
  void delete_missingRecord_isFalse() {
    assertThat(store.delete("aws/creds/a/none")).isFalse();
  }

  @Test
  void insert_afterDelete_reusesId() {
    store.insert(record("aws/creds/a/1", T0));
    store.delete("aws/creds/a/1");
    LeaseRecord again = record("aws/creds/a/1", T0.plusSeconds(1));

    store.insert(again);

    assertThat(store.get(again.id())).contains(again);
  }

  @Test
  void list_prefix_returnsMatchingIdsSorted() {
    for (String id :
        List.of(
            "aws/creds/b/2",
            "aws/creds/a/2",
            "aws-prod/creds/a/1",
            "aws/creds/ab/1",
            "aws/creds/a/1",
            "aws/roles/x",
            "awt/creds/a/1")) {
      store.insert(record(id, T0));
    }

    assertThat(store.list("aws/creds/a"))
        .containsExactly("aws/creds/a/1", "aws/creds/a/2", "aws/creds/ab/1");
    assertThat(store.list("aws/creds/a/")).containsExactly("aws/creds/a/1", "aws/creds/a/2");
    assertThat(store.list("aws/"))
        .containsExactly(
            "aws/creds/a/1", "aws/creds/a/2", "aws/creds/ab/1", "aws/creds/b/2", "aws/roles/x");
    assertThat(store.list("")).hasSize(7).isSorted();
    assertThat(store.list("gcp/")).isEmpty();
  }

  @Test
  void list_prefixEqualToId_includesIt() {
    store.insert(record("aws/creds/a/1", T0));
    store.insert(record("aws/creds/a/10", T0));

    assertThat(store.list("aws/creds/a/1")).containsExactly("aws/creds/a/1", "aws/creds/a/10");
  }

  @Test
  void list_prefixWithWildcardCharacters_matchesThemLiterally() {
    for (String id : List.of("a%b/1", "axb/1", "a_b/1", "ayb/1", "a\\b/1", "a*b/1")) {
      store.insert(record(id, T0));
    }

    assertThat(store.list("a%")).containsExactly("a%b/1");
    assertThat(store.list("a_")).containsExactly("a_b/1");
    assertThat(store.list("a\\")).containsExactly("a\\b/1");
    assertThat(store.list("a*")).containsExactly("a*b/1");
  }

  @Test
  void list_nonAsciiIds_sortedAndMatchedByPrefix() {
    for (String id : List.of("z/é/2", "z/e/1", "z/é/1", "z/✓/1", "z/f/1")) {
      store.insert(record(id, T0));
    }

    assertThat(store.list("z/é/")).containsExactly("z/é/1", "z/é/2");
    assertThat(store.list("z/")).containsExactly("z/e/1", "z/f/1", "z/é/1", "z/é/2", "z/✓/1");
  }

  /** A pending record as an issue first writes it: due at T0, expiring 100 s later. */
  private static LeaseRecord pending(String id) {
    return record(id, T0.plusSeconds(100)).withState(LeaseState.PENDING).withDueTime(T0);
  }

  @Test
  void activate_pendingRecord_storesActiveDueAtExpiryWithNextVersion() {
    LeaseRecord pending = pending("a/1");
    store.insert(pending);

    Optional<LeaseRecord> active = store.activate(pending);

    LeaseRecord expected =
        pending.withState(LeaseState.ACTIVE).withDueTime(pending.expireTime()).withVersion(1);
    assertThat(active).contains(expected);
    assertThat(store.get("a/1")).contains(expected);
    assertThat(store.findByState(LeaseState.ACTIVE, 10)).containsExactly(expected);
    assertThat(store.findByState(LeaseState.PENDING, 10)).isEmpty();
  }

  @Test
  void activate_staleVersion_isEmptyAndKeepsStoredRecord() {
    LeaseRecord pending = pending("a/1");
    store.insert(pending);
    LeaseRecord active = store.activate(pending).orElseThrow();

    assertThat(store.activate(pending)).isEmpty();
    assertThat(store.update(pending.withInternal(Map.of("k", "v")))).isEmpty();
    assertThat(store.get("a/1")).contains(active);
  }

  @Test
  void activate_afterClaim_isEmptyAndKeepsClaim() {
    LeaseRecord pending = pending("a/1");
    store.insert(pending);
    LeaseRecord claimed = store.claimDue(T0, T0.plusSeconds(60), 10).get(0);

    assertThat(store.activate(pending)).isEmpty();
    assertThat(store.get("a/1")).contains(claimed);
  }

  @Test
  void activate_missingRecord_isEmpty() {
    assertThat(store.activate(pending("a/1"))).isEmpty();
  }

  @Test
  void activateLater_pendingRecord_completesWithActiveOnceStored() throws Exception {
    LeaseRecord pending = pending("a/1");
    store.insert(pending);

    Optional<LeaseRecord> active = store.activateLater(pending).get(30, TimeUnit.SECONDS);

    LeaseRecord expected =
        pending.withState(LeaseState.ACTIVE).withDueTime(pending.expireTime()).withVersion(1);
    assertThat(active).contains(expected);
    assertThat(store.get("a/1")).contains(expected);
  }

  @Test
  void activateLater_afterClaim_completesEmptyAndKeepsClaim() throws Exception {
    LeaseRecord pending = pending("a/1");
    store.insert(pending);
    LeaseRecord claimed = store.claimDue(T0, T0.plusSeconds(60), 10).get(0);

    assertThat(store.activateLater(pending).get(30, TimeUnit.SECONDS)).isEmpty();
    assertThat(store.get("a/1")).contains(claimed);
  }

  @Test
  void activateLater_manyAtOnce_eachStoredOnce() throws Exception {
    List<LeaseRecord> pendings = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      LeaseRecord pending = pending("b/" + i);
      store.insert(pending);
      pendings.add(pending);
    }

    List<java.util.concurrent.CompletableFuture<Optional<LeaseRecord>>> writes =
        pendings.stream().map(store::activateLater).toList();

    for (java.util.concurrent.CompletableFuture<Optional<LeaseRecord>> write : writes) {
      assertThat(write.get(30, TimeUnit.SECONDS)).isPresent();
    }
    assertThat(store.findByState(LeaseState.ACTIVE, 100)).hasSize(20);
    assertThat(store.findByState(LeaseState.PENDING, 100)).isEmpty();
  }

  @Test
  void claimDue_activatedBeforePendingTimeout_notClaimedBeforeExpiry() {
    LeaseRecord pending = pending("a/1");
    store.insert(pending);
    LeaseRecord active = store.activate(pending).orElseThrow();

    assertThat(store.claimDue(T0.plusSeconds(1), T0.plusSeconds(61), 10)).isEmpty();
    assertThat(store.get("a/1")).contains(active);
    assertThat(store.nextDueTime()).contains(active.expireTime());
    List<LeaseRecord> claimed =
        store.claimDue(active.expireTime(), active.expireTime().plusSeconds(60), 10);
    assertThat(claimed)
        .containsExactly(active.withDueTime(active.expireTime().plusSeconds(60)).withVersion(2));
  }

  @Test
  void activate_manyAmongActiveRecords_claimedAtTheirExpiriesInOrder() {
    for (int i = 0; i < 50; i++) {
      LeaseRecord pending =
          record("m/" + i, T0.plusSeconds(1_000 - i))
              .withState(LeaseState.PENDING)
              .withDueTime(T0.plusSeconds(i));
      store.insert(pending);
      if (i % 2 == 0) {
        store.activate(pending).orElseThrow();
      }
    }

    List<LeaseRecord> pendingTimeouts =
        store.claimDue(T0.plusSeconds(100), T0.plusSeconds(500), 100);
    List<LeaseRecord> expiries = store.claimDue(T0.plusSeconds(2_000), T0.plusSeconds(2_001), 100);

    assertThat(pendingTimeouts).hasSize(25).allMatch(r -> r.state() == LeaseState.PENDING);
    assertThat(expiries).hasSize(50);
    assertThat(expiries.subList(0, 25))
        .allMatch(r -> r.state() == LeaseState.PENDING) // claimed until T0+500, due again first
        .isNotEmpty();
    assertThat(expiries.subList(25, 50))
        .extracting(LeaseRecord::id)
        .containsExactlyElementsOf(
            IntStream.iterate(48, i -> i >= 0, i -> i - 2).mapToObj(i -> "m/" + i).toList());
  }

  @Test
  void scan_prefix_visitsEachMatchingRecordOnce() {
    for (int i = 0; i < 20; i++) {
      store.insert(record("s/a/" + i, T0.plusSeconds(i)));
      store.insert(record("s/b/" + i, T0.plusSeconds(i)));
    }
    List<LeaseRecord> seen = new ArrayList<>();

    store.scan("s/a/", seen::add);

    assertThat(seen)
        .extracting(LeaseRecord::id)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, 20).mapToObj(i -> "s/a/" + i).toList());
    assertThat(seen).allMatch(r -> store.get(r.id()).orElseThrow().equals(r));
  }

  @Test
  void claimDue_dueRecords_takenEarliestFirstUpToLimit() {
    store.insert(record("l/3", T0.plusSeconds(3)));
    store.insert(record("l/1", T0.plusSeconds(1)));
    store.insert(record("l/2", T0.plusSeconds(2)));
    store.insert(record("l/later", T0.plusSeconds(100)));

    List<LeaseRecord> claimed = store.claimDue(T0.plusSeconds(10), T0.plusSeconds(70), 2);

    assertThat(claimed).extracting(LeaseRecord::id).containsExactly("l/1", "l/2");
  }

  @Test
  void claimDue_claimedRecord_dueAtClaimUntilWithNextVersion() {
    LeaseRecord r = record("l/1", T0);
    store.insert(r);
    Instant claimUntil = T0.plusSeconds(60);

    List<LeaseRecord> claimed = store.claimDue(T0, claimUntil, 10);

    LeaseRecord expected = r.withDueTime(claimUntil).withVersion(1);
    assertThat(claimed).containsExactly(expected);
    assertThat(store.get(r.id())).contains(expected);
    assertThat(store.nextDueTime()).contains(claimUntil);
  }

  @Test
  void claimDue_dueExactlyNow_isDue() {
    store.insert(record("l/1", T0));

    assertThat(store.claimDue(T0, T0.plusSeconds(60), 10)).hasSize(1);
  }

  @Test
  void claimDue_dueOneMicrosecondLater_isNotDue() {
    store.insert(record("l/1", T0.plus(1, ChronoUnit.MICROS)));

    assertThat(store.claimDue(T0, T0.plusSeconds(60), 10)).isEmpty();
    assertThat(store.get("l/1").orElseThrow().version()).isZero();
  }

  @Test
  void claimDue_twiceAtSameTime_secondTakesNothing() {
    store.insert(record("l/1", T0));
    store.insert(record("l/2", T0));

    assertThat(store.claimDue(T0, T0.plusSeconds(60), 10)).hasSize(2);
    assertThat(store.claimDue(T0, T0.plusSeconds(60), 10)).isEmpty();
  }

  @Test
  void claimDue_afterClaimDeadline_claimsAgain() {
    store.insert(record("l/1", T0));
    store.claimDue(T0, T0.plusSeconds(60), 10);

    List<LeaseRecord> again = store.claimDue(T0.plusSeconds(60), T0.plusSeconds(120), 10);

    assertThat(again).singleElement().extracting(LeaseRecord::version).isEqualTo(2L);
  }

  @Test
  void claimDue_nothingDueOrEmpty_isEmpty() {
    assertThat(store.claimDue(T0, T0.plusSeconds(60), 10)).isEmpty();
    store.insert(record("l/1", T0.plusSeconds(1)));

    assertThat(store.claimDue(T0, T0.plusSeconds(60), 10)).isEmpty();
  }

  @Test
  void claimDue_staleWriterAfterClaim_losesItsUpdate() {
    LeaseRecord r = record("l/1", T0);
    store.insert(r);
    store.claimDue(T0, T0.plusSeconds(60), 10);

    assertThat(store.update(r.withState(LeaseState.PENDING))).isEmpty();
  }

  @Test
  void claimDue_concurrentClaimers_eachRecordToExactlyOne() throws Exception {
    int records = 200;
    for (int i = 0; i < records; i++) {
      store.insert(record(String.format("l/%04d", i), T0.plusMillis(i)));
    }
    Instant now = T0.plusSeconds(10);

    List<List<LeaseRecord>> batches =
        ConcurrentRuns.run(8, i -> () -> claimUntilEmpty(now, now.plusSeconds(60)));

    List<String> all = batches.stream().flatMap(List::stream).map(LeaseRecord::id).toList();
    assertThat(all).hasSize(records).doesNotHaveDuplicates();
    assertThat(store.claimDue(now, now.plusSeconds(60), records)).isEmpty();
  }

  @Test
  void nextDueTime_empty_isEmpty() {
    assertThat(store.nextDueTime()).isEmpty();
  }

  @Test
  void nextDueTime_records_isEarliestDueTime() {
    store.insert(record("l/2", T0.plusSeconds(2)));
    store.insert(record("l/1", T0.plusSeconds(1)));

    assertThat(store.nextDueTime()).contains(T0.plusSeconds(1));

    store.delete("l/1");
    assertThat(store.nextDueTime()).contains(T0.plusSeconds(2));
  }

  @Test
  void findByState_mixedStates_returnsThatStateEarliestDueFirst() {
    store.insert(record("l/a3", T0.plusSeconds(3)));
    store.insert(record("l/p2", T0.plusSeconds(2)).withState(LeaseState.PENDING));
    store.insert(record("l/p1", T0.plusSeconds(1)).withState(LeaseState.PENDING));
    store.insert(record("l/p5", T0.plusSeconds(5)).withState(LeaseState.PENDING));

    assertThat(store.findByState(LeaseState.PENDING, 2))
        .extracting(LeaseRecord::id)
        .containsExactly("l/p1", "l/p2");
    assertThat(store.findByState(LeaseState.ACTIVE, 10))
        .extracting(LeaseRecord::id)
        .containsExactly("l/a3");
    assertThat(store.findByState(LeaseState.IRREVOCABLE, 10)).isEmpty();
  }

  @Test
  void findByState_recordsRead_equalStoredRecords() {
    LeaseRecord r = record("l/p1", T0).withState(LeaseState.PENDING).withFailure(1, "x");
    store.insert(r);

    assertThat(store.findByState(LeaseState.PENDING, 1)).containsExactly(r);
  }

  @Test
  void count_insertsAndDeletes_countsRecords() {
    IntStream.range(0, 5).forEach(i -> store.insert(record("l/" + i, T0)));
    store.delete("l/0");

    assertThat(store.count()).isEqualTo(4);
  }

  @Test
  void insert_concurrentWriters_allStored() throws Exception {
    List<Set<String>> written =
        ConcurrentRuns.run(
            16,
            t ->
                () -> {
                  Set<String> ids = new HashSet<>();
                  for (int i = 0; i < 25; i++) {
                    String id = "l/" + t + "/" + i;
                    store.insert(record(id, T0.plusMillis(i)));
                    ids.add(id);
                  }
                  return ids;
                });

    Set<String> expected = new HashSet<>();
    written.forEach(expected::addAll);
    assertThat(store.count()).isEqualTo(400);
    assertThat(store.list("l/")).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void groups_recordsOfSeveralMountsAndStates_countedWithEarliestExpiry() {
    store.insert(record("aws/creds/a/1", T0.plusSeconds(30)));
    store.insert(record("aws/creds/a/2", T0.plusSeconds(10)));
    store.insert(record("aws/creds/a/3", T0).withState(LeaseState.IRREVOCABLE));
    store.insert(onMount("db/", record("db/creds/r/1", T0.plusSeconds(5))));
    store.insert(
        onMount("db/", record("db/creds/r/2", T0.plusSeconds(7)).withState(LeaseState.PENDING)));

    assertThat(store.groups())
        .extracting(
            LeaseStats.Group::mount,
            LeaseStats.Group::state,
            LeaseStats.Group::count,
            LeaseStats.Group::earliestExpiry)
        .containsExactlyInAnyOrder(
            tuple("aws/", LeaseState.ACTIVE, 2L, T0.plusSeconds(10)),
            tuple("aws/", LeaseState.IRREVOCABLE, 1L, T0),
            tuple("db/", LeaseState.ACTIVE, 1L, T0.plusSeconds(5)),
            tuple("db/", LeaseState.PENDING, 1L, T0.plusSeconds(7)));
  }

  @Test
  void groups_emptyStore_isEmpty() {
    assertThat(store.groups()).isEmpty();
  }

  /** {@code r} issued by an engine of type {@code db} at {@code mount}. */
  private static LeaseRecord onMount(String mount, LeaseRecord r) {
    return new LeaseRecord(
        r.id(),
        mount,
        "db",
        r.path(),
        r.state(),
        r.issueTime(),
        r.expireTime(),
        r.maxExpireTime(),
        r.renewable(),
        r.internal(),
        r.dueTime(),
        r.attempts(),
        r.lastError(),
        r.version());
  }

  private List<LeaseRecord> claimUntilEmpty(Instant now, Instant claimUntil) {
    List<LeaseRecord> mine = new ArrayList<>();
    List<LeaseRecord> batch;
    do {
      batch = store.claimDue(now, claimUntil, 7);
      mine.addAll(batch);
    } while (!batch.isEmpty());
    return mine;
  }
}
