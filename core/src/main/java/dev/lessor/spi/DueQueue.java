package dev.lessor.spi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The due-time index of {@link InMemoryLeaseStore}: a binary min-heap of entries, each entry
 * knowing its slot, so that adding and removing are O(log n) and cost O(1) on average for random
 * due times. It is the shape of {@code ScheduledThreadPoolExecutor}'s queue, held once per store
 * instead of one executor task per lease, with the due time copied into the entry so that a
 * comparison reads one object (a skip list ordered by the records read three or four per
 * comparison, and at a million leases nearly every read missed the cache).
 *
 * <p>Thread-safe: one lock. Callers may hold a map bin's lock when they call in; the queue never
 * calls out while holding its own, so the lock order is always map bin, then queue.
 */
final class DueQueue {
  private static final int INITIAL_CAPACITY = 64;

  /** A stored record and its place in the queue; immutable but for the slot. */
  static final class Entry {
    final LeaseRecord record;
    private final long dueSeconds;
    private final int dueNanos;
    private int slot = -1;

    Entry(LeaseRecord record) {
      this.record = record;
      Instant due = record.dueTime();
      this.dueSeconds = due.getEpochSecond();
      this.dueNanos = due.getNano();
    }

    boolean dueBy(Instant now) {
      long seconds = now.getEpochSecond();
      return dueSeconds < seconds || (dueSeconds == seconds && dueNanos <= now.getNano());
    }
  }

  private Entry[] heap = new Entry[INITIAL_CAPACITY];
  private int size;

  synchronized void add(Entry entry) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size + (size >> 1));
    }
    siftUp(size++, entry);
  }

  /** Removes {@code entry} if it is queued. */
  synchronized void remove(Entry entry) {
    int slot = entry.slot;
    if (slot >= 0 && slot < size && heap[slot] == entry) {
      removeAt(slot);
    }
  }

  /** Removes {@code old} if queued and adds {@code next}, in one step. */
  synchronized void replace(Entry old, Entry next) {
    remove(old);
    add(next);
  }

  /** The earliest entry, or null. */
  synchronized Entry peek() {
    return size == 0 ? null : heap[0];
  }

  /** Takes off the queue up to {@code limit} entries due by {@code now}, earliest first. */
  synchronized List<Entry> pollDue(Instant now, int limit) {
    List<Entry> due = new ArrayList<>(Math.min(limit, 256));
    while (due.size() < limit && size > 0 && heap[0].dueBy(now)) {
      due.add(removeAt(0));
    }
    return due;
  }

  private Entry removeAt(int slot) {
    Entry removed = heap[slot];
    removed.slot = -1;
    int last = --size;
    Entry moved = heap[last];
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

  private void siftUp(int slot, Entry entry) {
    while (slot > 0) {
      int parent = (slot - 1) >>> 1;
      Entry above = heap[parent];
      if (compare(entry, above) >= 0) {
        break;
      }
      place(above, slot);
      slot = parent;
    }
    place(entry, slot);
  }

  private void siftDown(int slot, Entry entry) {
    int half = size >>> 1;
    while (slot < half) {
      int child = 2 * slot + 1;
      Entry below = heap[child];
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

  private void place(Entry entry, int slot) {
    heap[slot] = entry;
    entry.slot = slot;
  }

  /** Earliest due first; the id breaks ties, so that equal due times come out in a stable order. */
  private static int compare(Entry a, Entry b) {
    int order = Long.compare(a.dueSeconds, b.dueSeconds);
    if (order == 0) {
      order = Integer.compare(a.dueNanos, b.dueNanos);
    }
    return order != 0 ? order : a.record.id().compareTo(b.record.id());
  }
}
