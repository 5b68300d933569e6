package dev.lessor;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Looks up, renews and revokes leases. Obtained from {@link Lessor#leases()}. Thread-safe.
 *
 * <p>Revocation calls the engine that issued the lease and deletes the record only when the engine
 * succeeds, so a lease is never forgotten while its secret may still work.
 */
public interface LeaseManager {

  /** The lease with this id, if it exists. */
  Optional<Lease> lookup(String id);

  /** Ids of every lease whose id starts with {@code prefix}, sorted; {@code ""} lists all. */
  List<String> list(String prefix);

  /**
   * Extends a lease. The new TTL counts from now: {@code increment}, or the engine's default when
   * {@code increment} is zero. It is capped at the lease's max TTL, counted from its issue time.
   *
   * @return the renewed lease
   * @throws NotFoundException if no such lease exists
   * @throws OperationNotSupportedException if the lease is not renewable, irrevocable, expired or
   *     past its max TTL (the message says which)
   * @throws InvalidRequestException if {@code increment} is negative
   */
  Lease renew(String id, Duration increment);

  /**
   * Revokes a lease now: the engine deletes the secret, then the record is deleted.
   *
   * @throws NotFoundException if no such lease exists
   * @throws LessorException if the engine fails; the lease then stays and is retried in the
   *     background with backoff until it is revoked or becomes irrevocable; the message says when
   *     it is next tried
   * @throws RetryLaterException if the engine cannot tell yet whether the secret is gone; the lease
   *     is tried again at {@link RetryLaterException#retryAt()}
   */
  void revoke(String id);

  /**
   * Revokes every lease whose id starts with {@code prefix}, such as {@code aws/creds/my-role/},
   * concurrently on the revocation workers (within {@code revocationConcurrency} and the revocation
   * rate limit, shared with automatic revocation), and returns when each is revoked or on the retry
   * path.
   *
   * @return how many leases were revoked
   * @throws LessorException if any revocation failed; those leases stay and are retried in the
   *     background, the others are revoked; the message says when the first is next tried
   */
  int revokePrefix(String prefix);

  /**
   * Deletes the records of every lease under {@code prefix} without calling the engine. For
   * operators only: the secrets may still work, and Lessor no longer knows about them.
   *
   * @return how many records were deleted
   */
  int revokeForce(String prefix);

  /** Leases whose revocation failed for good, oldest expiry first. */
  List<Lease> irrevocable();

  /**
   * Tries to revoke a lease now, typically an irrevocable one after its cause was fixed.
   *
   * @throws NotFoundException if no such lease exists
   * @throws LessorException if the engine fails again; the lease keeps its state
   */
  void retry(String id);

  /** How many leases exist, in every state. */
  long count();

  /**
   * Counts of leases by mount and state, and the revocation lag, for monitoring. The store is read
   * at most once per {@code maxAge}: a snapshot younger than that is returned again, so that any
   * number of gauges can ask on every scrape. Reading the store costs one pass over its records
   * (one aggregate query for a database): about 0.3 to 0.7 s on the caller's thread for a million
   * in-memory leases, so at that size keep {@code maxAge} at or above the scrape interval.
   *
   * @param maxAge how old the returned snapshot may be; {@link Duration#ZERO} takes a new one
   * @throws InvalidRequestException if {@code maxAge} is negative
   * @throws LessorException if the store cannot be read
   */
  LeaseStats stats(Duration maxAge);

  /** Adds a listener for lease events; see {@link LeaseListener} for the calling thread. */
  void addListener(LeaseListener listener);

  /** Removes a listener added before; does nothing if it was not added. */
  void removeListener(LeaseListener listener);
}
