package dev.lessor.store;

import java.util.function.Consumer;

/**
 * The entries of one {@link LeaseStripe} by lease id: an open-addressing hash table with linear
 * probing, the entries in one array and their ids' hashes in another beside it.
 *
 * <p>It replaced a {@link java.util.concurrent.ConcurrentHashMap}, which spent half of the issue
 * path's time at a million leases growing its table: a resize visits every node, one cache miss
 * each, and copies the nodes of a split bin. Here a lease costs no node (about 20 bytes less), a
 * probe compares hashes in an array before it touches an id, and a resize moves references by their
 * kept hashes, a sixty-fourth of the store at a time.
 *
 * <p>Deletion shifts the entries that follow back into the hole (no tombstones), so a probe ends at
 * the first empty slot however long the table has been written. Not thread-safe: its stripe's lock
 * guards it.
 */
final class IdTable {
  private static final int INITIAL_CAPACITY = 16; // a power of two

  /** Fibonacci hashing: mixes every bit of the hash into the high bits used as the slot. */
  private static final int GOLDEN = 0x9E3779B9;

  private StoredLease[] entries = new StoredLease[INITIAL_CAPACITY];
  private int[] hashes = new int[INITIAL_CAPACITY];
  private int shift = Integer.SIZE - Integer.numberOfTrailingZeros(INITIAL_CAPACITY);
  private int size;

  int size() {
    return size;
  }

  /** The entry of {@code id}, or null. */
  StoredLease get(String id) {
    int slot = find(id, id.hashCode());
    return slot < 0 ? null : entries[slot];
  }

  /** Puts {@code entry} in place of the entry of its id, if any; returns the one replaced. */
  StoredLease put(StoredLease entry) {
    int hash = entry.id.hashCode();
    int slot = find(entry.id, hash);
    if (slot >= 0) {
      StoredLease old = entries[slot];
      entries[slot] = entry;
      return old;
    }
    if (size + 1 > entries.length >> 1) { // at most half full: probes stay short
      grow();
    }
    place(entry, hash);
    size++;
    return null;
  }

  /** Removes the entry of {@code id}; returns it, or null if there was none. */
  StoredLease remove(String id) {
    int hole = find(id, id.hashCode());
    if (hole < 0) {
      return null;
    }
    StoredLease removed = entries[hole];
    int mask = entries.length - 1;
    // Shift back each following entry of the run that may sit in the hole: one whose home slot is
    // not in the cyclic range (hole, next].
    for (int next = (hole + 1) & mask; entries[next] != null; next = (next + 1) & mask) {
      int home = home(hashes[next]);
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        entries[hole] = entries[next];
        hashes[hole] = hashes[next];
        hole = next;
      }
    }
    entries[hole] = null;
    size--;
    return removed;
  }

  /** Gives every entry to {@code action}, in table order. */
  void forEach(Consumer<StoredLease> action) {
    for (StoredLease entry : entries) {
      if (entry != null) {
        action.accept(entry);
      }
    }
  }

  /** The slot of {@code id}, or -1. */
  private int find(String id, int hash) {
    int mask = entries.length - 1;
    for (int slot = home(hash); ; slot = (slot + 1) & mask) {
      StoredLease entry = entries[slot];
      if (entry == null) {
        return -1;
      }
      if (hashes[slot] == hash && entry.id.equals(id)) {
        return slot;
      }
    }
  }

  private void place(StoredLease entry, int hash) {
    int mask = entries.length - 1;
    int slot = home(hash);
    while (entries[slot] != null) {
      slot = (slot + 1) & mask;
    }
    entries[slot] = entry;
    hashes[slot] = hash;
  }

  private int home(int hash) {
    return (hash * GOLDEN) >>> shift;
  }

  private void grow() {
    StoredLease[] oldEntries = entries;
    int[] oldHashes = hashes;
    entries = new StoredLease[oldEntries.length << 1];
    hashes = new int[entries.length];
    shift--;
    for (int i = 0; i < oldEntries.length; i++) {
      if (oldEntries[i] != null) {
        place(oldEntries[i], oldHashes[i]);
      }
    }
  }
}
