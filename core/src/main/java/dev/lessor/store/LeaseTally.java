package dev.lessor.store;

import dev.lessor.LeaseState;
import dev.lessor.LeaseStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts records by mount and state in one pass, for {@link LeaseStore#groups()}. Not thread-safe:
 * one caller fills it, then reads it.
 *
 * <p>Expiries are kept as seconds and nanoseconds, so that the in-memory store's walk over a
 * million entries allocates nothing per entry; consecutive entries of the same mount (most of them)
 * skip the map lookup.
 */
final class LeaseTally {
  private static final LeaseState[] STATES = LeaseState.values();

  /** Per mount: the count and the earliest expiry of each state, by ordinal. */
  private final Map<String, Slot> mounts = new HashMap<>();

  private String lastMount;
  private Slot lastSlot;

  private static final class Slot {
    final long[] counts = new long[STATES.length];
    final long[] earliestSeconds = new long[STATES.length];
    final int[] earliestNanos = new int[STATES.length];
  }

  void add(LeaseRecord record) {
    Instant expire = record.expireTime();
    add(record.mount(), record.state(), expire.getEpochSecond(), expire.getNano());
  }

  void add(String mount, LeaseState state, long expireSeconds, int expireNanos) {
    Slot slot = lastSlot;
    if (mount != lastMount && !mount.equals(lastMount)) {
      slot = mounts.computeIfAbsent(mount, m -> new Slot());
      lastMount = mount;
      lastSlot = slot;
    }
    int i = state.ordinal();
    if (slot.counts[i]++ == 0
        || expireSeconds < slot.earliestSeconds[i]
        || (expireSeconds == slot.earliestSeconds[i] && expireNanos < slot.earliestNanos[i])) {
      slot.earliestSeconds[i] = expireSeconds;
      slot.earliestNanos[i] = expireNanos;
    }
  }

  List<LeaseStats.Group> groups() {
    List<LeaseStats.Group> out = new ArrayList<>();
    mounts.forEach(
        (mount, slot) -> {
          for (int i = 0; i < STATES.length; i++) {
            if (slot.counts[i] > 0) {
              Instant earliest =
                  Instant.ofEpochSecond(slot.earliestSeconds[i], slot.earliestNanos[i]);
              out.add(new LeaseStats.Group(mount, STATES[i], slot.counts[i], earliest));
            }
          }
        });
    return out;
  }
}
