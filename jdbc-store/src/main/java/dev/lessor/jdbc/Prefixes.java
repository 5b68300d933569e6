package dev.lessor.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Prefix listing as SQL: {@code LIKE 'prefix%'} with the prefix's own wildcards escaped. */
final class Prefixes {
  private Prefixes() {}

  /**
   * Runs {@code select}, a query of one string column whose one parameter is the {@code LIKE}
   * pattern ({@code ESCAPE '\'}), for the keys under {@code prefix}; returns them in Java's String
   * order.
   */
  static List<String> list(Database db, String operation, String select, String prefix) {
    List<String> keys =
        db.read(
            operation,
            c -> {
              try (PreparedStatement ps = c.prepareStatement(select)) {
                ps.setString(1, likePattern(prefix));
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    out.add(rs.getString(1));
                  }
                }
                return out;
              }
            });
    // The database sorts by byte or collation order; the contract is Java's String order.
    Collections.sort(keys);
    return keys;
  }

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
