package dev.lessor.aws;

import java.util.HashMap;
import java.util.Map;

/** Keys of the internal data the engine keeps in each lease: enough to revoke, never a secret. */
final class LeaseData {
  /** The credential type, such as {@code iam_user}. */
  static final String TYPE = "type";

  /** The role the lease was issued from. */
  static final String ROLE = "role";

  /** The IAM user name (iam_user). */
  static final String USERNAME = "username";

  /**
   * What the engine attached to the IAM user (iam_user), in {@link UserAttachments#encode()}'s
   * form; absent in leases issued before the engine recorded it.
   */
  static final String ATTACHED = "attached";

  /**
   * {@code true} once the engine itself made sure no user exists for this lease (CreateUser was
   * refused, or a failed mint was rolled back): revocation then has nothing to do.
   */
  static final String CLEANED = "cleaned";

  private LeaseData() {}

  static Map<String, String> with(Map<String, String> internal, String key, String value) {
    Map<String, String> out = new HashMap<>(internal);
    out.put(key, value);
    return Map.copyOf(out);
  }
}
