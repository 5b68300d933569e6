package dev.lessor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.LeaseState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdTableTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final IdTable table = new IdTable();

  @Test
  void put_newIds_eachFoundAndCounted() {
    List<StoredLease> entries = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      StoredLease entry = entry("lease-" + i);
      assertThat(table.put(entry)).isNull();
      entries.add(entry);
    }

    assertThat(table.size()).isEqualTo(10_000);
    assertThat(entries).allSatisfy(e -> assertThat(table.get(e.id)).isSameAs(e));
    assertThat(table.get("lease-10000")).isNull();
  }

  @Test
  void put_existingId_replacesAndReturnsOld() {
    StoredLease first = entry("a");
    StoredLease second = entry("a");
    table.put(first);

    assertThat(table.put(second)).isSameAs(first);
    assertThat(table.get("a")).isSameAs(second);
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void remove_missingId_isNullAndChangesNothing() {
    table.put(entry("a"));

    assertThat(table.remove("b")).isNull();
    assertThat(table.size()).isEqualTo(1);
  }

  /**
   * Ids that collide on their hash (the strings "Aa" and "BB" hash alike) share one run of slots:
   * removing one from the middle must leave the others findable, which breaks if the entries after
   * the hole are not shifted back.
   */
  @Test
  void remove_fromRunOfCollidingIds_othersStillFound() {
    List<String> ids = List.of("AaAa", "AaBB", "BBAa", "BBBB");
    for (String id : ids) {
      table.put(entry(id));
    }

    assertThat(table.remove("AaBB")).isNotNull();

    assertThat(table.get("AaBB")).isNull();
    for (String id : ids) {
      if (!id.equals("AaBB")) {
        assertThat(table.get(id)).as(id).isNotNull();
      }
    }
  }

  @Test
  void randomPutsAndRemoves_agreeWithHashMap() {
    SplittableRandom random = new SplittableRandom(2026);
    Map<String, StoredLease> model = new HashMap<>();
    for (int op = 0; op < 200_000; op++) {
      String id = "lease-" + random.nextInt(5_000);
      if (random.nextInt(3) == 0) {
        assertThat(table.remove(id)).isSameAs(model.remove(id));
      } else {
        StoredLease entry = entry(id);
        assertThat(table.put(entry)).isSameAs(model.put(id, entry));
      }
    }

    assertThat(table.size()).isEqualTo(model.size());
    model.forEach((id, entry) -> assertThat(table.get(id)).isSameAs(entry));
    List<StoredLease> walked = new ArrayList<>();
    table.forEach(walked::add);
    assertThat(walked).containsExactlyInAnyOrderElementsOf(model.values());
  }

  private static StoredLease entry(String id) {
    return new StoredLease(
        new LeaseRecord(
            id,
            "m/",
            "fake",
            "m/creds",
            LeaseState.ACTIVE,
            START,
            START.plusSeconds(60),
            START.plusSeconds(60),
            false,
            Map.of(),
            START.plusSeconds(60),
            0,
            null,
            0));
  }
}
