package dev.lessor.jdbc;

/** Prefix listing as SQL: {@code LIKE 'prefix%'} with the prefix's own wildcards escaped. */
final class Prefixes {
  private Prefixes() {}

  /** The LIKE pattern for keys starting with {@code prefix}; use with {@code ESCAPE '\'}. */
  static String likePattern(String prefix) {
    StringBuilder out = new StringBuilder(prefix.length() + 8);
    for (int i = 0; i < prefix.length(); i++) {
      char ch = prefix.charAt(i);
      if (ch == '%' || ch == '_' || ch == '\\') {
        out.append('\\');
      }
      out.append(ch);
    }
    return out.append('%').toString();
  }
}
