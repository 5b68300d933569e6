package dev.lessor;

import java.time.Instant;
import java.util.Objects;

/**
 * An engine cannot tell yet whether a secret is gone, and will be able to at {@link #retryAt()}:
 * typically a provider that is eventually consistent answers "no such entity" for something created
 * moments ago, which may exist all the same. Not a failure: a revocation that meets it keeps its
 * lease, looks again at {@code retryAt}, and uses up no retry attempt.
 */
public class RetryLaterException extends LessorException {
  private static final long serialVersionUID = 1L;
  private final Instant retryAt;

  /**
   * @param message why the engine must wait, naming the lease; never a secret value
   * @param retryAt the earliest time at which a new attempt can decide
   */
  public RetryLaterException(String message, Instant retryAt) {
    super(message, null, true);
    this.retryAt = Objects.requireNonNull(retryAt, "retryAt");
  }

  /** The earliest time at which a new attempt can decide. */
  public Instant retryAt() {
    return retryAt;
  }
}
