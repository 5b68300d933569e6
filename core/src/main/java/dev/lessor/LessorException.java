package dev.lessor;

/**
 * The base of every exception Lessor throws. Unchecked, so that callers handle only the subtypes
 * they can act on.
 *
 * <p>Messages name the path, field, lease id or engine concerned, and never contain a secret value.
 */
public class LessorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LessorException(String message) {
    super(message);
  }

  public LessorException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether the same call may succeed if it is made again later. */
  public boolean retryable() {
    return false;
  }

  /**
   * Whether the failure can never go away by itself, so that retrying a background revocation is
   * pointless. A lease whose revocation fails permanently becomes irrevocable at once.
   */
  public boolean permanent() {
    return false;
  }
}
