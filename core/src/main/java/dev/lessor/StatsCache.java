package dev.lessor;

import dev.lessor.store.LeaseStore;
import java.time.Clock;
import java.time.Duration;

/**
 * The last {@link LeaseStats} taken, so that monitoring reads the store at most once per maximum
 * age however many gauges ask. Ages are measured on the {@link Ticker}. Thread-safe: readers of a
 * fresh snapshot take no lock; one caller at a time takes a new one, and the others wait for it.
 */
final class StatsCache {
  private final LeaseStore store;
  private final Clock clock;
  private final Ticker ticker;
  private volatile Taken last;

  private record Taken(LeaseStats stats, long tick) {}

  StatsCache(LeaseStore store, Clock clock, Ticker ticker) {
    this.store = store;
    this.clock = clock;
    this.ticker = ticker;
  }

  LeaseStats get(Duration maxAge) {
    Taken taken = last;
    if (fresh(taken, maxAge)) {
      return taken.stats();
    }
    synchronized (this) {
      taken = last;
      if (!fresh(taken, maxAge)) {
        long tick = ticker.read();
        taken = new Taken(new LeaseStats(clock.instant(), store.groups()), tick);
        last = taken;
      }
      return taken.stats();
    }
  }

  private boolean fresh(Taken taken, Duration maxAge) {
    return taken != null && ticker.read() - taken.tick() < maxAge.toNanos();
  }
}
