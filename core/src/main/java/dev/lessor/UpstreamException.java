package dev.lessor;

import java.util.Objects;

/**
 * A call to the system behind an engine (a cloud provider, a database) failed. Carries the
 * provider's error code, such as {@code Throttling} or {@code AccessDenied}, and whether a retry
 * may help.
 */
public class UpstreamException extends LessorException {
  private static final long serialVersionUID = 1L;
  private final String errorCode;
  private final boolean permanent;

  /**
   * @param message what failed, naming the path or lease; never a secret value
   * @param errorCode the provider's error code, or {@code "unknown"}
   * @param retryable whether the same call may succeed later
   * @param cause the provider's exception, or {@code null}
   */
  public UpstreamException(String message, String errorCode, boolean retryable, Throwable cause) {
    this(message, errorCode, retryable, false, cause);
  }

  private UpstreamException(
      String message, String errorCode, boolean retryable, boolean permanent, Throwable cause) {
    super(message, cause, retryable);
    this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    this.permanent = permanent;
  }

  /**
   * A failure that no retry can fix, so that a background revocation that meets it makes the lease
   * irrevocable at once instead of retrying.
   */
  public static UpstreamException permanent(String message, String errorCode, Throwable cause) {
    return new UpstreamException(message, errorCode, false, true, cause);
  }

  /** The provider's error code, such as {@code Throttling}. */
  public String errorCode() {
    return errorCode;
  }

  @Override
  public boolean permanent() {
    return permanent;
  }
}
