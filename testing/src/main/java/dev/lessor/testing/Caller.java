package dev.lessor.testing;

/**
 * Who signed a request: the account root, an IAM user, an assumed-role session or a federated user,
 * with the ARN and user id GetCallerIdentity reports. {@code userName} is set for IAM users (and
 * their GetSessionToken sessions) only. Immutable.
 */
record Caller(Kind kind, String arn, String userId, String userName) {
  enum Kind {
    ROOT,
    USER,
    ASSUMED_ROLE,
    FEDERATED_USER,
    /** A GetSessionToken session of the root or an IAM user: that principal, temporarily. */
    SESSION
  }

  boolean isTemporary() {
    return kind != Kind.ROOT && kind != Kind.USER;
  }
}
