package dev.lessor.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of one AWS Query-protocol request ({@code Action=CreateUser&UserName=...}), read
 * from the form-encoded body and the query string, with the accessors the actions need: required
 * and optional strings, integers, and the {@code Name.member.N} lists the AWS SDK sends. Missing or
 * malformed parameters become {@code ValidationError}, worded as IAM words them. Immutable.
 */
final class QueryRequest {
  private final Map<String, String> params;

  private QueryRequest(Map<String, String> params) {
    this.params = params;
  }

  /** Parses {@code a=b&c=d} pairs; later sources do not override earlier ones. */
  static QueryRequest parse(String... formEncodedSources) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String source : formEncodedSources) {
      if (source == null || source.isEmpty()) {
        continue;
      }
      for (String pair : source.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        params.putIfAbsent(key, value);
      }
    }
    return new QueryRequest(params);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The action name, or null when the request names none. */
  String action() {
    return params.get("Action");
  }

  /** The parameter, or null when absent. */
  String optional(String name) {
    return params.get(name);
  }

  String optional(String name, String defaultValue) {
    String value = params.get(name);
    return value == null ? defaultValue : value;
  }

  String required(String name) {
    String value = params.get(name);
    if (value == null) {
      throw QueryError.validation(
          "1 validation error detected: Value null at '"
              + memberName(name)
              + "' failed to satisfy constraint: Member must not be null");
    }
    return value;
  }

  /** An integer parameter within {@code [min, max]}, or {@code defaultValue} when absent. */
  int integer(String name, int defaultValue, int min, int max) {
    String value = params.get(name);
    if (value == null) {
      return defaultValue;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw QueryError.validation("Invalid value '" + value + "' for " + name);
    }
    if (parsed < min || parsed > max) {
      throw QueryError.validation(
          "1 validation error detected: Value '"
              + parsed
              + "' at '"
              + memberName(name)
              + "' failed to satisfy constraint: Member must have value "
              + (parsed < min
                  ? "greater than or equal to " + min
                  : "less than or equal to " + max));
    }
    return parsed;
  }

  /** The values of a list parameter, sent as {@code Name.member.1}, {@code Name.member.2}... */
  List<String> members(String name) {
    List<String> values = new ArrayList<>();
    for (int i = 1; params.containsKey(name + ".member." + i); i++) {
      values.add(params.get(name + ".member." + i));
    }
    return values;
  }

  /** A field of each structure in a list parameter: {@code PolicyArns.member.N.arn}. */
  List<String> memberFields(String name, String field) {
    List<String> values = new ArrayList<>();
    for (int i = 1; params.containsKey(name + ".member." + i + "." + field); i++) {
      values.add(params.get(name + ".member." + i + "." + field));
    }
    return values;
  }

  /** A {@code Tags.member.N.Key} / {@code .Value} list, in request order. */
  Map<String, String> tags(String name) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 1; params.containsKey(name + ".member." + i + ".Key"); i++) {
      String key = params.get(name + ".member." + i + ".Key");
      tags.put(key, params.getOrDefault(name + ".member." + i + ".Value", ""));
    }
    return tags;
  }

  /** IAM names a parameter in its messages in lower camel case: {@code UserName} → userName. */
  static String memberName(String name) {
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }
}
