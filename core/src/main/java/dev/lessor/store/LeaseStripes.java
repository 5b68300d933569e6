package dev.lessor.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@value #COUNT} {@link LeaseStripe stripes} of {@link InMemoryLeaseStore}, each holding the
 * entries whose ids hash to it, and what spans them: the earliest due entries across all, the
 * count, a walk. Thread-safe.
 */
final class LeaseStripes {
  private static final int COUNT = 64; // a power of two
  private static final Comparator<StoredLease> BY_DUE =
      Comparator.comparingLong((StoredLease e) -> e.dueSeconds)
          .thenComparingInt(e -> e.dueNanos)
          .thenComparing(e -> e.id);

  private final LeaseStripe[] stripes = new LeaseStripe[COUNT];

  LeaseStripes() {
    for (int i = 0; i < COUNT; i++) {
      stripes[i] = new LeaseStripe();
    }
  }

  /** The stripe of {@code id}. */
  LeaseStripe of(String id) {
    int h = id.hashCode();
    return stripes[(h ^ (h >>> 16)) & (COUNT - 1)];
  }

  /**
   * Takes off the index up to {@code limit} entries due by {@code now}, earliest first across the
   * stripes; a claim then takes each, or {@link LeaseStripe#unpoll puts it back}.
   */
  List<StoredLease> pollDue(Instant now, int limit) {
    List<StoredLease> due = new ArrayList<>();
    for (LeaseStripe stripe : stripes) {
      due.addAll(stripe.pollDue(now, limit));
    }
    due.sort(BY_DUE);
    if (due.size() <= limit) {
      return due;
    }
    for (StoredLease entry : due.subList(limit, due.size())) {
      of(entry.id).unpoll(entry);
    }
    return new ArrayList<>(due.subList(0, limit));
  }

  /** The earliest of the stripes' {@link DueQueue#dueBound due bounds}, or null. */
  Instant dueBound() {
    Instant first = null;
    for (LeaseStripe stripe : stripes) {
      Instant bound = stripe.dueBound();
      if (bound != null && (first == null || bound.isBefore(first))) {
        first = bound;
      }
    }
    return first;
  }

  long count() {
    long count = 0;
    for (LeaseStripe stripe : stripes) {
      count += stripe.size();
    }
    return count;
  }

  /** Gives every entry to {@code action}, one stripe at a time, outside the stripes' locks. */
  void forEach(Consumer<StoredLease> action) {
    for (LeaseStripe stripe : stripes) {
      stripe.entries().forEach(action);
    }
  }
}
