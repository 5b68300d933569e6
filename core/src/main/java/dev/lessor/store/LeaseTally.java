package dev.lessor.store;

import dev.lessor.LeaseState;
import dev.lessor.LeaseStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Counts records by mount and state in one pass, for {@link LeaseStore#groups()}. */
final class LeaseTally {
  private static final LeaseState[] STATES = LeaseState.values();

  /** Per mount: the count and the earliest expiry of each state, by ordinal. */
  private final Map<String, Slot> mounts = new HashMap<>();

  private static final class Slot {
    final long[] counts = new long[STATES.length];
    final Instant[] earliest = new Instant[STATES.length];
  }

  void add(LeaseRecord record) {
    Slot slot = mounts.computeIfAbsent(record.mount(), m -> new Slot());
    int i = record.state().ordinal();
    slot.counts[i]++;
    if (slot.earliest[i] == null || record.expireTime().isBefore(slot.earliest[i])) {
      slot.earliest[i] = record.expireTime();
    }
  }

  List<LeaseStats.Group> groups() {
    List<LeaseStats.Group> out = new ArrayList<>();
    mounts.forEach(
        (mount, slot) -> {
          for (int i = 0; i < STATES.length; i++) {
            if (slot.counts[i] > 0) {
              out.add(new LeaseStats.Group(mount, STATES[i], slot.counts[i], slot.earliest[i]));
            }
          }
        });
    return out;
  }
}
