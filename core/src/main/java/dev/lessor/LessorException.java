package dev.lessor;

/**
 * The base of every exception Lessor throws. Unchecked, so that callers handle only the subtypes
 * they can act on.
 *
 * <p>Messages name the path, field, lease id or engine concerned, and never contain a secret value.
 */
public class LessorException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  public LessorException(String message) {
    this(message, null, false);
  }

  public LessorException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * @param retryable whether the same call may succeed if it is made again later
   */
  public LessorException(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether the same call may succeed if it is made again later. */
  public boolean retryable() {
    return retryable;
  }

  /**
   * Whether the failure can never go away by itself, so that retrying a background revocation is
   * pointless. A lease whose revocation fails permanently becomes irrevocable at once.
   */
  public boolean permanent() {
    return false;
  }
}
