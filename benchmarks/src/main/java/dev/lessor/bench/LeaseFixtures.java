package dev.lessor.bench;

import dev.lessor.LeaseState;
import dev.lessor.store.LeaseRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/** Lease records shaped like the ones Lessor stores, for figures that drive the store directly. */
final class LeaseFixtures {
  static final Duration PENDING_TIMEOUT = Duration.ofMinutes(10);
  static final Duration SPREAD = Duration.ofHours(1);
  private static final int ID_LENGTH = 22;
  private static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private LeaseFixtures() {}

  /** A pending record as {@code Issuance} first writes it, expiring somewhere in the next hour. */
  static LeaseRecord pending(String id, Instant now, SplittableRandom random) {
    Instant expire = now.plus(SPREAD).plusMillis(random.nextLong(SPREAD.toMillis()));
    return new LeaseRecord(
        id,
        BenchEngine.MOUNT,
        BenchEngine.TYPE,
        BenchEngine.CREDS,
        LeaseState.PENDING,
        now,
        expire,
        expire,
        false,
        Map.of(),
        now.plus(PENDING_TIMEOUT),
        0,
        null,
        0);
  }

  /** The same record once active: due at its expiry, as {@code Issuance.activate} writes it. */
  static LeaseRecord active(LeaseRecord pending) {
    return pending.withState(LeaseState.ACTIVE).withDueTime(pending.expireTime());
  }

  /** An id of the shape Lessor makes: the request path, a slash, 22 characters (n, zero-padded). */
  static String id(int n) {
    String digits = Integer.toString(n);
    return BenchEngine.CREDS + "/" + "0".repeat(ID_LENGTH - digits.length()) + digits;
  }

  /** A random id made the way Lessor makes them: 22 random base62 characters after the path. */
  static String randomId() {
    return randomId(BenchEngine.CREDS);
  }

  /** A random id under {@code path}, made the way Lessor makes them. */
  static String randomId(String path) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder id = new StringBuilder(path.length() + 1 + ID_LENGTH).append(path).append('/');
    for (int i = 0; i < ID_LENGTH; i++) {
      id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }
}
