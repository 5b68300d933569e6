package dev.lessor.aws;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of AWS credential a role issues, named as in the established CLI. */
enum CredentialType {
  /** A new IAM user with an access key, deleted at revocation; renewable. */
  IAM_USER,
  /** STS AssumeRole credentials with a session token; not renewable. */
  ASSUMED_ROLE,
  /** STS GetFederationToken credentials with a session token; not renewable. */
  FEDERATION_TOKEN,
  /**
   * STS GetSessionToken credentials of the root credentials' own principal, optionally with MFA;
   * not renewable, and no policies (GetSessionToken takes none).
   */
  SESSION_TOKEN;

  /** The name used in requests and storage, such as {@code iam_user}. */
  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  boolean isSts() {
    return this != IAM_USER;
  }

  static Optional<CredentialType> fromWireName(String text) {
    return Arrays.stream(values()).filter(t -> t.wireName().equals(text.trim())).findFirst();
  }
}
