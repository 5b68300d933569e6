package dev.lessor.store;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * The later part of {@link DueQueue}: entries grouped by due time into buckets, unordered within a
 * bucket, as in the hierarchical timer wheels of Kafka's purgatory and Caffeine. Adding and
 * removing an entry is O(1): a bucket is an array, each entry knowing its slot; adding appends, and
 * removing moves the bucket's last entry into the hole, so that only the entry, the bucket and the
 * bucket's last entry (recently added, so likely in the cache) are touched. Linking the entries
 * into lists instead cost a cache miss on each neighbour at a million leases.
 *
 * <p>Buckets are narrow near the {@code cursor} (the latest time the queue has been asked about)
 * and wider further from it: {@link #SHIFTS} gives the width of each level, and an entry goes to
 * the narrowest level whose 64 buckets on either side of the cursor reach its due time. So there
 * are a few hundred buckets however the due times spread, and the tree map that orders them stays
 * in the cache. Buckets are aligned to their width and ordered by start, wider first on a tie; the
 * first bucket therefore holds the earliest entry. When it is wider than the narrowest level, it is
 * split into narrower buckets (each entry moves at most once per level over its life, and only
 * leases that live until they are due ever move); a first bucket of the narrowest level is handed
 * to {@link DueQueue}'s heap, which orders it.
 *
 * <p>Not thread-safe: {@link DueQueue} calls it under its lock.
 */
final class DueBuckets {
  /** Bucket widths per level, as powers of two seconds: 16 s, 17 min, 18 h, 48 days, 8.5 years. */
  private static final int[] SHIFTS = {4, 10, 16, 22, 28, 34};

  /** A level reaches this many of its buckets away from the cursor. */
  private static final int REACH_SHIFT = 6;

  private static final int INITIAL_CAPACITY = 8;

  /**
   * Empty buckets may stay this many more than the buckets in use: a bucket that empties stays in
   * place, so that a lease written twice in a row (pending, then active) does not add and remove a
   * tree node each time; they are swept out in bulk when they are too many.
   */
  private static final int EMPTY_SLACK = 64;

  private final TreeMap<Long, Bucket> buckets = new TreeMap<>();

  /**
   * The bucket last added to, while it is in {@link #buckets}: leases issued one after another are
   * due in the same bucket, so most adds skip the tree lookup (and the boxing of its key).
   */
  private Bucket lastAdded;

  private int emptyBuckets;
  private long entries;
  private long cursor;
  private boolean cursorSet;

  /** The entries due within one bucket's span, in no order. */
  static final class Bucket {
    private final long key;
    private final int level;
    private StoredLease[] entries = new StoredLease[INITIAL_CAPACITY];
    private int size;

    Bucket(long key, int level) {
      this.key = key;
      this.level = level;
    }

    /** The first second this bucket covers. */
    long start() {
      return key & -(1L << SHIFTS[0]);
    }
  }

  boolean isEmpty() {
    return entries == 0;
  }

  /** Moves the cursor forward to {@code seconds}; it never moves back. */
  void advance(long seconds) {
    if (!cursorSet || seconds > cursor) {
      cursor = seconds;
      cursorSet = true;
    }
  }

  void add(StoredLease entry) {
    if (!cursorSet) { // nobody asked yet: the first due time will do
      advance(entry.dueSeconds);
    }
    add(entry, levelOf(entry.dueSeconds));
  }

  /** Removes {@code entry}, which must be in a bucket. */
  void remove(StoredLease entry) {
    Bucket bucket = entry.bucket;
    int last = --bucket.size;
    StoredLease moved = bucket.entries[last];
    bucket.entries[last] = null;
    if (moved != entry) {
      bucket.entries[entry.slot] = moved;
      moved.slot = entry.slot;
    }
    entry.bucket = null;
    entry.slot = -1;
    entries--;
    if (last == 0) {
      emptyBuckets++;
      if (emptyBuckets > buckets.size() - emptyBuckets + EMPTY_SLACK) {
        buckets.values().removeIf(b -> b.size == 0);
        emptyBuckets = 0;
        lastAdded = null;
      }
    } else if (bucket.entries.length > INITIAL_CAPACITY && last < bucket.entries.length >> 2) {
      bucket.entries = Arrays.copyOf(bucket.entries, bucket.entries.length >> 1);
    }
  }

  /** What {@link #pollFirst} returns when it left the first bucket where it is. */
  static final long NOTHING = Long.MIN_VALUE;

  /**
   * Empties into {@code sink} the first bucket of the narrowest level, after splitting the wider
   * buckets before it and dropping empty ones, for as long as the first bucket starts by {@code
   * untilSecond} or holds at most {@code few} entries. Only call when not {@link #isEmpty()}.
   *
   * @return the first second after what {@code sink} received that the buckets may hold, or {@link
   *     #NOTHING} if the first bucket stayed (it starts later and holds more)
   */
  long pollFirst(DueQueue.EntrySink sink, long untilSecond, int few) {
    while (true) {
      Bucket bucket = buckets.firstEntry().getValue();
      if (bucket.size > few && bucket.start() > untilSecond) {
        return NOTHING;
      }
      buckets.pollFirstEntry();
      if (bucket == lastAdded) {
        lastAdded = null;
      }
      if (bucket.size == 0) {
        emptyBuckets--;
        continue;
      }
      entries -= bucket.size;
      if (bucket.level == 0) {
        drain(bucket, sink);
        return bucket.start() + (1L << SHIFTS[0]);
      }
      advance(bucket.start());
      int narrower = bucket.level - 1;
      drain(bucket, entry -> add(entry, Math.min(narrower, levelOf(entry.dueSeconds))));
    }
  }

  /** The first second of the first bucket that holds an entry: at or before every due time. */
  long firstStart() {
    for (Bucket bucket : buckets.values()) {
      if (bucket.size > 0) {
        return bucket.start();
      }
    }
    throw new IllegalStateException("no entries");
  }

  private void add(StoredLease entry, int level) {
    // the start is a multiple of 16: the low bits order wider levels first on an equal start
    long key = (entry.dueSeconds & -(1L << SHIFTS[level])) | (SHIFTS.length - 1 - level);
    Bucket bucket = lastAdded != null && lastAdded.key == key ? lastAdded : buckets.get(key);
    if (bucket == null) {
      bucket = new Bucket(key, level);
      buckets.put(key, bucket);
    } else if (bucket.size == 0) {
      emptyBuckets--;
    }
    if (bucket.size == bucket.entries.length) {
      bucket.entries = Arrays.copyOf(bucket.entries, bucket.size * 2);
    }
    lastAdded = bucket;
    entry.bucket = bucket;
    entry.slot = bucket.size;
    bucket.entries[bucket.size++] = entry;
    entries++;
  }

  /** The narrowest level whose reach from the cursor covers {@code dueSeconds}. */
  private int levelOf(long dueSeconds) {
    long distance = Math.abs(dueSeconds - cursor);
    for (int level = 0; level < SHIFTS.length - 1; level++) {
      if (distance < 1L << (SHIFTS[level] + REACH_SHIFT)) {
        return level;
      }
    }
    return SHIFTS.length - 1;
  }

  private static void drain(Bucket bucket, DueQueue.EntrySink sink) {
    for (int i = 0; i < bucket.size; i++) {
      StoredLease entry = bucket.entries[i];
      entry.bucket = null;
      entry.slot = -1;
      sink.accept(entry);
    }
  }
}
