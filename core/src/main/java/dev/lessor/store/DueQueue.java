package dev.lessor.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The due-time index of {@link InMemoryLeaseStore}, in two parts split at a second {@code headEnd}:
 * entries due before it sit in a binary min-heap (each entry knowing its slot), the rest in {@link
 * DueBuckets}, where adding and removing cost O(1). The heap holds only what is about to be due:
 * when it runs empty and someone asks for the earliest entry, it takes in the first bucket. So
 * ordering work is paid only for the leases whose turn is near, and a lease that is issued, renewed
 * or revoked long before its due time never goes through the heap (at a million leases a heap sift
 * was a chain of about twenty cache misses: the writes of a lease cost three).
 *
 * <p>Not thread-safe: the lock of the {@link LeaseStripe} that holds it guards it.
 */
final class DueQueue {
  private static final int INITIAL_CAPACITY = 64;

  /** A bucket this small goes into the heap before it is due: sifts through it stay cheap. */
  private static final int FEW = 1024;

  /** Takes entries that {@link DueBuckets} hands over. */
  interface EntrySink {
    void accept(StoredLease entry);
  }

  private final DueBuckets later = new DueBuckets();
  private final EntrySink toHeap = this::heapAdd;
  private StoredLease[] heap = new StoredLease[INITIAL_CAPACITY];
  private int size;

  /** Entries due at or after this second are in {@link #later}; the rest in the heap. */
  private long headEnd = Long.MIN_VALUE;

  void add(StoredLease entry) {
    if (entry.dueSeconds < headEnd) {
      heapAdd(entry);
    } else {
      later.add(entry);
    }
  }

  /** Removes {@code entry} if it is queued. */
  void remove(StoredLease entry) {
    int slot = entry.slot;
    if (entry.bucket != null) {
      later.remove(entry);
    } else if (slot >= 0 && slot < size && heap[slot] == entry) {
      removeAt(slot);
    }
  }

  /** The earliest entry, or null. */
  StoredLease peek() {
    return fillHead(Long.MAX_VALUE) ? heap[0] : null;
  }

  /**
   * A time at or before every entry's due time, or null if there is none: the earliest due time
   * when it is in the heap or the first bucket is small, else the first bucket's start (at most one
   * bucket's width early). A large bucket goes into the heap only once it is due (see {@link
   * #pollDue}): leases revoked or renewed before then never pay for a sift through it.
   */
  Instant dueBound() {
    if (fillHead(Long.MIN_VALUE)) {
      return heap[0].dueTime();
    }
    return later.isEmpty() ? null : Instant.ofEpochSecond(later.firstStart());
  }

  /** Takes off the queue up to {@code limit} entries due by {@code now}, earliest first. */
  List<StoredLease> pollDue(Instant now, int limit) {
    List<StoredLease> due = new ArrayList<>(Math.min(limit, 256));
    later.advance(now.getEpochSecond());
    while (due.size() < limit && fillHead(now.getEpochSecond()) && heap[0].dueBy(now)) {
      due.add(removeAt(0));
    }
    return due;
  }

  /**
   * Moves the first bucket into the empty heap if it starts by {@code untilSecond} or holds few
   * entries; whether the heap has an entry.
   */
  private boolean fillHead(long untilSecond) {
    if (size == 0 && !later.isEmpty()) {
      long end = later.pollFirst(toHeap, untilSecond, FEW);
      if (end != DueBuckets.NOTHING) {
        headEnd = end;
      }
    }
    return size > 0;
  }

  private void heapAdd(StoredLease entry) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size + (size >> 1));
    }
    siftUp(size++, entry);
  }

  private StoredLease removeAt(int slot) {
    StoredLease removed = heap[slot];
    removed.slot = -1;
    int last = --size;
    StoredLease moved = heap[last];
    heap[last] = null;
    if (slot != last) {
      siftDown(slot, moved);
      if (heap[slot] == moved) {
        siftUp(slot, moved);
      }
    }
    if (heap.length > INITIAL_CAPACITY && size < heap.length >> 2) {
      heap = Arrays.copyOf(heap, Math.max(INITIAL_CAPACITY, heap.length >> 1));
    }
    return removed;
  }

  private void siftUp(int slot, StoredLease entry) {
    while (slot > 0) {
      int parent = (slot - 1) >>> 1;
      StoredLease above = heap[parent];
      if (compare(entry, above) >= 0) {
        break;
      }
      place(above, slot);
      slot = parent;
    }
    place(entry, slot);
  }

  private void siftDown(int slot, StoredLease entry) {
    int half = size >>> 1;
    while (slot < half) {
      int child = 2 * slot + 1;
      StoredLease below = heap[child];
      int right = child + 1;
      if (right < size && compare(below, heap[right]) > 0) {
        child = right;
        below = heap[child];
      }
      if (compare(entry, below) <= 0) {
        break;
      }
      place(below, slot);
      slot = child;
    }
    place(entry, slot);
  }

  private void place(StoredLease entry, int slot) {
    heap[slot] = entry;
    entry.slot = slot;
  }

  /** Earliest due first; the id breaks ties, so that equal due times come out in a stable order. */
  private static int compare(StoredLease a, StoredLease b) {
    int order = Long.compare(a.dueSeconds, b.dueSeconds);
    if (order == 0) {
      order = Integer.compare(a.dueNanos, b.dueNanos);
    }
    return order != 0 ? order : a.id.compareTo(b.id);
  }
}
