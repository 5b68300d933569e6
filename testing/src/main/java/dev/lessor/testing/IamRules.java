package dev.lessor.testing;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * IAM's input rules and quotas, with the error each breach gets: entity names, paths, tags, policy
 * documents and their sizes. Quotas from the IAM User Guide, "IAM and AWS STS quotas"; sizes are
 * counted without whitespace, as IAM counts them. Stateless.
 */
final class IamRules {
  static final int ACCESS_KEYS_PER_USER = 2;
  static final int GROUPS_PER_USER = 10;
  static final int MANAGED_POLICIES_PER_USER = 10;
  static final int TAGS_PER_ENTITY = 50;
  static final int USER_INLINE_POLICY_CHARS = 2_048;
  static final int ROLE_INLINE_POLICY_CHARS = 10_240;
  static final int MANAGED_POLICY_CHARS = 6_144;
  static final int SESSION_POLICY_CHARS = 2_048;

  private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
  private static final Pattern PATH = Pattern.compile("/|/[\\u0021-\\u007E]+/");

  private IamRules() {}

  /** A user, group, role or policy name: 1..max characters of {@code [\w+=,.@-]}. */
  static String name(String field, String value, int max) {
    return pattern(field, value, 1, max, NAME);
  }

  /** A name with its own pattern and length bounds (session names, external ids). */
  static String pattern(String field, String value, int min, int max, Pattern pattern) {
    if (value.length() < min || value.length() > max) {
      throw QueryError.validation(
          "1 validation error detected: Value '"
              + value
              + "' at '"
              + field
              + "' failed to satisfy constraint: Member must have length "
              + (value.length() < min
                  ? "greater than or equal to " + min
                  : "less than or equal to " + max));
    }
    if (!pattern.matcher(value).matches()) {
      throw QueryError.validation(
          "1 validation error detected: Value '"
              + value
              + "' at '"
              + field
              + "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
              + pattern.pattern());
    }
    return value;
  }

  /** A path: {@code /} alone, or starting and ending with {@code /}, at most 512 characters. */
  static String path(String field, String value) {
    return pattern(field, value, 1, 512, PATH);
  }

  /** Tag keys 1..128 and values 0..256 characters, at most 50 tags on an entity. */
  static void tags(Map<String, String> merged) {
    if (merged.size() > TAGS_PER_ENTITY) {
      throw QueryError.limitExceeded("The number of tags has reached the maximum limit.");
    }
    for (Map.Entry<String, String> tag : merged.entrySet()) {
      if (tag.getKey().isEmpty() || tag.getKey().length() > 128) {
        throw new QueryError(
            400, "InvalidInput", "Tag key '" + tag.getKey() + "' must have 1 to 128 characters.");
      }
      if (tag.getValue().length() > 256) {
        throw new QueryError(
            400, "InvalidInput", "Tag value for key '" + tag.getKey() + "' is too long.");
      }
    }
  }

  /**
   * Checks that {@code document} is a JSON object with a {@code Statement}, and returns its size
   * without whitespace, the measure IAM's quotas use.
   */
  static int policyDocument(String document) {
    Set<String> keys = JsonSyntax.topLevelKeys(document);
    if (keys == null) {
      throw QueryError.malformedPolicy("Syntax errors in policy.");
    }
    if (!keys.contains("Statement")) {
      throw QueryError.malformedPolicy("Policy document must contain a Statement.");
    }
    return size(document);
  }

  /**
   * Puts the inline policy {@code name} of {@code owner} (such as {@code user alice}) into {@code
   * policies}, replacing one of that name; LimitExceeded when all of them would exceed {@code
   * maxChars}.
   */
  static void putInlinePolicy(
      Map<String, String> policies, String name, String document, int maxChars, String owner) {
    int size = policyDocument(document);
    String replaced = policies.get(name);
    int others =
        policies.values().stream().mapToInt(IamRules::size).sum()
            - (replaced == null ? 0 : size(replaced));
    if (others + size > maxChars) {
      throw QueryError.limitExceeded(
          "Maximum policy size of " + maxChars + " bytes exceeded for " + owner);
    }
    policies.put(name, document);
  }

  /** The characters of {@code document} that are not whitespace. */
  static int size(String document) {
    int count = 0;
    for (int i = 0; i < document.length(); i++) {
      if (!Character.isWhitespace(document.charAt(i))) {
        count++;
      }
    }
    return count;
  }
}
