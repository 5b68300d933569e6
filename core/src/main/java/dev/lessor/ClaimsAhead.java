package dev.lessor;

import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Due leases the revocation loop claimed ahead of free slots, so that one claim (one commit in a
 * durable store) feeds many slots as they free up, instead of each finishing worker waiting for a
 * claim of its own.
 *
 * <p>A queued claim is not kept alive: its revocation's {@link ClaimKeeper} first extends it a
 * third of the claim timeout after the revocation starts. So a claim is handed out only while it is
 * younger than a third of the claim timeout (it is then extended before two thirds, well before it
 * lapses); an older one is dropped and lapses in the store, where another instance, or this one,
 * claims it again. Were it handed out later, another instance might have taken the lapsed claim and
 * both would revoke it. The queue holds at most a round of slots, and no more than the rate limit
 * starts in a sixth of the claim timeout, so it empties well within that age unless a revocation
 * itself runs longer than a third of the claim timeout; then the queued claims wait for their lapse
 * (at most the claim timeout) before this instance or another takes them again.
 *
 * <p>Claims ahead take no slot and no rate token: a revocation takes both when it starts, so {@code
 * revocationConcurrency} and the rate limit hold as before. Ages are measured on the {@link
 * Ticker}. Thread-safe.
 */
final class ClaimsAhead {
  private static final Logger log = LoggerFactory.getLogger(ClaimsAhead.class);
  private final Ticker ticker;
  private final long maxAgeNanos;
  private final int capacity;
  private final ArrayDeque<Held> queue = new ArrayDeque<>(); // guarded by this

  /**
   * @param capacity the most claims held ahead
   */
  private ClaimsAhead(Ticker ticker, Duration claimTimeout, int capacity) {
    this.ticker = ticker;
    this.maxAgeNanos = claimTimeout.dividedBy(3).toNanos();
    this.capacity = capacity;
  }

  /**
   * Claims ahead for the loop of {@code settings}: at most a round of slots, at most {@code
   * maxBatch}, and no more than the rate limit starts in a sixth of the claim timeout, so that the
   * queue empties well before its claims are too old to hand out.
   */
  static ClaimsAhead of(Ticker ticker, LeaseSettings settings, int maxBatch) {
    long limit = Math.min(settings.revocationConcurrency(), maxBatch);
    double rate = settings.revocationRatePerSecond();
    if (rate > 0) {
      limit =
          Math.min(limit, (long) Math.floor(rate * settings.claimTimeout().toMillis() / 6000.0));
    }
    return new ClaimsAhead(ticker, settings.claimTimeout(), (int) Math.max(0, limit));
  }

  /** How many more claims may be queued now. */
  synchronized int room() {
    return capacity - queue.size();
  }

  /** Queues {@code claimed}, claimed by a call that started at {@code claimedTick}. */
  synchronized void offer(List<LeaseRecord> claimed, long claimedTick) {
    for (LeaseRecord record : claimed) {
      queue.addLast(new Held(record, claimedTick));
    }
  }

  /**
   * Up to {@code max} queued claims young enough to revoke and still standing in {@code store},
   * oldest first, as their stored records; drops the others. One store read per young claim,
   * outside the lock: a lease revoked explicitly (here or by another instance), renewed or changed
   * since it was claimed is dropped, so that its engine is not asked to revoke it again.
   */
  List<LeaseRecord> take(int max, LeaseStore store, Instant now) {
    List<LeaseRecord> young = takeYoung(max);
    List<LeaseRecord> standing = new ArrayList<>(young.size());
    for (LeaseRecord held : young) {
      try {
        StandingClaim.reread(store, held, now).ifPresentOrElse(standing::add, () -> gone(held));
      } catch (RuntimeException e) {
        log.warn(
            "could not read lease {} claimed ahead; it is revoked when its claim lapses at {}",
            held.id(),
            held.dueTime(),
            e);
      }
    }
    return standing;
  }

  private static void gone(LeaseRecord held) {
    log.debug("lease {} claimed ahead changed or went meanwhile: left to the store", held.id());
  }

  private synchronized List<LeaseRecord> takeYoung(int max) {
    if (queue.isEmpty()) {
      return List.of();
    }
    long now = ticker.read();
    List<LeaseRecord> taken = new ArrayList<>(Math.min(max, queue.size()));
    while (taken.size() < max && !queue.isEmpty()) {
      Held held = queue.pollFirst();
      if (now - held.claimedTick() < maxAgeNanos) {
        taken.add(held.record());
      }
    }
    return taken;
  }

  /** Drops every queued claim (on close): each lapses in the store. */
  synchronized void clear() {
    queue.clear();
  }

  /** How many claims are queued (tests and diagnostics). */
  synchronized int size() {
    return queue.size();
  }

  private record Held(LeaseRecord record, long claimedTick) {}
}
