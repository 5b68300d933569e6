package dev.lessor.testing;

/**
 * An AWS Query-protocol error that {@link QueryServer} renders as an {@code ErrorResponse}: the
 * HTTP status, the error code the AWS SDK maps to a modeled exception, and the message. Thrown by
 * the IAM and STS actions and by the SigV4 verifier; never escapes the emulator. Immutable.
 */
final class QueryError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  QueryError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  /** {@code Sender} for a client error (4xx), {@code Receiver} for a server error (5xx). */
  String type() {
    return status >= 500 ? "Receiver" : "Sender";
  }

  static QueryError noSuchEntity(String message) {
    return new QueryError(404, "NoSuchEntity", message);
  }

  static QueryError alreadyExists(String message) {
    return new QueryError(409, "EntityAlreadyExists", message);
  }

  static QueryError limitExceeded(String message) {
    return new QueryError(409, "LimitExceeded", message);
  }

  static QueryError deleteConflict(String message) {
    return new QueryError(409, "DeleteConflict", message);
  }

  static QueryError malformedPolicy(String message) {
    return new QueryError(400, "MalformedPolicyDocument", message);
  }

  static QueryError validation(String message) {
    return new QueryError(400, "ValidationError", message);
  }

  static QueryError accessDenied(String message) {
    return new QueryError(403, "AccessDenied", message);
  }
}
