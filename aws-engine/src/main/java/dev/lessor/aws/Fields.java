package dev.lessor.aws;

import dev.lessor.InvalidRequestException;
import dev.lessor.engine.Request;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Checks shared by the engine's request handlers. Stateless. */
final class Fields {
  /** IAM names (users, groups, roles, session names): IAM's own character set. */
  static final Pattern IAM_NAME = Pattern.compile("[\\w+=,.@-]+");

  private Fields() {}

  /** Rejects any field of {@code request} that is not in {@code allowed}, naming it. */
  static void requireKnown(Request request, Set<String> allowed) {
    for (String field : request.data().keySet()) {
      if (!allowed.contains(field)) {
        throw new InvalidRequestException(
            field, "is not a parameter of this path; it takes " + new TreeSet<>(allowed));
      }
    }
  }

  /** A name made of IAM's characters, at most {@code max} long. */
  static String iamName(String field, String value, int max) {
    if (value.isEmpty() || value.length() > max || !IAM_NAME.matcher(value).matches()) {
      throw new InvalidRequestException(
          field, "must be 1 to " + max + " characters of letters, digits and +=,.@_-");
    }
    return value;
  }
}
