package dev.lessor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.LeaseState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DueQueueTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Comparator<StoredLease> ORDER =
      Comparator.comparing((StoredLease e) -> e.dueTime()).thenComparing(e -> e.id);

  private final DueQueue queue = new DueQueue();
  private final TreeSet<StoredLease> model = new TreeSet<>(ORDER);
  private int ids;

  @Test
  void pollDue_dueTimesFromMicrosecondsToYearsApart_comesOutEarliestFirst() {
    List<Instant> dues =
        List.of(
            START.plus(Duration.ofDays(3650)),
            START.plusSeconds(3600),
            START.plusNanos(1_000),
            START,
            START.minusSeconds(86_400 * 40),
            START.plusSeconds(17),
            START.plusSeconds(15).plusNanos(999_999_000),
            START.plusSeconds(86_400 * 60));
    dues.forEach(due -> add(entry(due)));

    List<Instant> polled = new ArrayList<>();
    for (StoredLease entry : queue.pollDue(Instant.MAX, 100)) {
      polled.add(entry.dueTime());
    }

    assertThat(polled).isSortedAccordingTo(Comparator.naturalOrder()).hasSameSizeAs(dues);
    assertThat(queue.peek()).isNull();
  }

  @Test
  void dueBound_largeBucketNotDueYet_isItsStartUntilPolledAtIt() {
    queue.pollDue(START, 1); // the queue's cursor: now
    Instant earliest = START.plusSeconds(600).plusMillis(500);
    for (int i = 0; i < 5_000; i++) {
      add(entry(earliest.plusMillis(i)));
    }

    Instant bound = queue.dueBound();
    List<StoredLease> polled = queue.pollDue(earliest, 10);

    assertThat(bound).isBefore(earliest).isAfter(earliest.minusSeconds(16));
    assertThat(polled).extracting(StoredLease::dueTime).containsExactly(earliest);
    assertThat(queue.dueBound()).isEqualTo(earliest.plusMillis(1));
  }

  @Test
  void dueBound_fewEntries_isTheEarliestDueTime() {
    queue.pollDue(START, 1);
    add(entry(START.plusSeconds(900).plusMillis(250)));
    add(entry(START.plusSeconds(600).plusMillis(500)));

    assertThat(queue.dueBound()).isEqualTo(START.plusSeconds(600).plusMillis(500));
  }

  @Test
  void peek_earliestRemovedFromItsBucket_givesTheNextEarliest() {
    StoredLease first = entry(START.plusSeconds(7_200));
    StoredLease second = entry(START.plusSeconds(7_201));
    add(entry(START.plusSeconds(90_000)));
    add(second);
    add(first);

    queue.remove(first);

    assertThat(queue.peek()).isSameAs(second);
  }

  @Test
  void peek_nearAndFarEntriesSharingABucketStart_givesTheEarliest() {
    Instant aligned = Instant.ofEpochSecond(START.getEpochSecond() >> 16 << 16);
    StoredLease near = entry(aligned.plusSeconds(3));
    add(near); // the first due time is where the queue starts looking from
    queue.pollDue(aligned.plusSeconds(100_000), 0); // looks from a day later, takes nothing
    StoredLease far = entry(aligned.plusSeconds(1)); // a day away: goes to a wide bucket

    add(far);

    assertThat(queue.peek()).isSameAs(far);
    assertThat(queue.pollDue(aligned.plusSeconds(100_000), 10)).containsExactly(far, near);
  }

  @Test
  void pollDue_notYetDue_staysQueued() {
    StoredLease later = entry(START.plusSeconds(30));
    add(later);

    assertThat(queue.pollDue(START.plusSeconds(29), 10)).isEmpty();
    assertThat(queue.pollDue(START.plusSeconds(30), 10)).containsExactly(later);
  }

  @Test
  void randomAddsRemovesAndPolls_matchAnOrderedSet() {
    SplittableRandom random = new SplittableRandom(7);
    Instant now = START;
    List<StoredLease> live = new ArrayList<>();
    for (int step = 0; step < 200_000; step++) {
      int action = random.nextInt(10);
      if (action < 5 || live.isEmpty()) {
        StoredLease entry = entry(now.plus(randomOffset(random)));
        add(entry);
        live.add(entry);
      } else if (action < 8) {
        StoredLease entry = live.remove(random.nextInt(live.size()));
        queue.remove(entry);
        model.remove(entry);
      } else if (action < 9) {
        now = now.plusSeconds(random.nextInt(120));
        int limit = 1 + random.nextInt(50);
        List<StoredLease> polled = queue.pollDue(now, limit);
        for (StoredLease entry : polled) {
          assertThat(entry).isSameAs(model.pollFirst());
        }
        live.removeAll(polled);
        if (polled.size() < limit && !model.isEmpty()) {
          assertThat(model.first().dueBy(now)).isFalse();
        }
      } else {
        assertThat(queue.peek()).isSameAs(model.isEmpty() ? null : model.first());
      }
    }
    assertThat(queue.pollDue(Instant.MAX, Integer.MAX_VALUE)).containsExactlyElementsOf(model);
  }

  /** Microseconds to years, past and future, with many equal due times. */
  private static Duration randomOffset(SplittableRandom random) {
    return switch (random.nextInt(5)) {
      case 0 -> Duration.ofSeconds(random.nextInt(3)); // ties
      case 1 -> Duration.ofNanos(random.nextLong(-1_000_000_000L, 60_000_000_000L) / 1000 * 1000);
      case 2 -> Duration.ofSeconds(random.nextLong(-3_600, 7_200));
      case 3 -> Duration.ofSeconds(random.nextLong(86_400 * 100L));
      default -> Duration.ofDays(random.nextLong(-36_500, 36_500));
    };
  }

  private void add(StoredLease entry) {
    queue.add(entry);
    model.add(entry);
  }

  private StoredLease entry(Instant due) {
    return new StoredLease(
        new LeaseRecord(
            "lease-" + ids++,
            "m/",
            "fake",
            "m/creds",
            LeaseState.ACTIVE,
            START,
            due,
            due,
            false,
            Map.of(),
            due,
            0,
            null,
            0));
  }
}
