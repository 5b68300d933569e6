package dev.lessor.aws;

import dev.lessor.LessorException;
import dev.lessor.UpstreamException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns AWS SDK exceptions into Lessor exceptions: throttling, 5xx and connection failures are
 * retryable; access and validation errors are not. Messages carry the AWS error code and what the
 * engine was doing (path, user, lease), never a secret. Stateless.
 */
final class AwsErrors {
  static final String NO_SUCH_ENTITY = "NoSuchEntity";

  private static final Set<String> THROTTLING =
      Set.of(
          "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException");
  private static final int MAX_MESSAGE = 300;

  private AwsErrors() {}

  /** The AWS error code of {@code e}, or {@code "unknown"}. */
  static String code(Throwable e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      String code = service.awsErrorDetails().errorCode();
      return code == null ? "unknown" : code;
    }
    return e instanceof SdkClientException ? "ClientError" : "unknown";
  }

  static boolean isNoSuchEntity(Throwable e) {
    return NO_SUCH_ENTITY.equals(code(e));
  }

  /**
   * Whether the call may have had its effect although it failed: the request may have reached AWS
   * (a connection dropped, a 5xx) rather than being refused outright.
   */
  static boolean maybeApplied(Throwable e) {
    return !(e instanceof AwsServiceException service) || service.statusCode() >= 500;
  }

  /**
   * {@code e} as a Lessor exception; {@code what} says what failed, such as {@code "CreateUser for
   * aws/creds/my-role"}. A Lessor exception is returned as it is.
   */
  static LessorException translate(String what, Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof LessorException lessor) {
        return lessor; // already ours, such as the rate limit thrown inside an SDK call
      }
    }
    String code = code(e);
    if (e instanceof AwsServiceException service) {
      boolean throttled = service.isThrottlingException() || THROTTLING.contains(code);
      boolean retryable = throttled || service.statusCode() >= 500 || service.retryable();
      String detail =
          service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage();
      return new UpstreamException(
          what + " failed: " + code + " (HTTP " + service.statusCode() + ")" + suffix(detail),
          code,
          retryable,
          e);
    }
    if (e instanceof SdkException) {
      return new UpstreamException(
          what + " failed: " + code + suffix(e.getMessage()), code, true, e);
    }
    return new UpstreamException(what + " failed: " + e, code, false, e);
  }

  private static String suffix(String detail) {
    if (detail == null || detail.isBlank()) {
      return "";
    }
    String trimmed =
        detail.length() > MAX_MESSAGE ? detail.substring(0, MAX_MESSAGE) + "..." : detail;
    return ": " + trimmed;
  }
}
