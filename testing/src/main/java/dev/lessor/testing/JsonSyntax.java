package dev.lessor.testing;

import java.util.HashSet;
import java.util.Set;

/**
 * A strict JSON syntax check (RFC 8259) for policy documents, with no JSON library: it walks the
 * text once and reports the keys of the top-level object, which is all the emulator needs to tell a
 * policy from a malformed one. Stateless; each call uses its own cursor.
 */
final class JsonSyntax {
  private final String text;
  private int pos;

  private JsonSyntax(String text) {
    this.text = text;
  }

  /** The top-level object's keys, or null when {@code text} is not a JSON object. */
  static Set<String> topLevelKeys(String text) {
    JsonSyntax parser = new JsonSyntax(text);
    try {
      parser.skipWhitespace();
      if (parser.peek() != '{') {
        return null;
      }
      Set<String> keys = parser.object(true);
      parser.skipWhitespace();
      return parser.pos == text.length() ? keys : null;
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return null;
    }
  }

  private void value() {
    skipWhitespace();
    char c = peek();
    switch (c) {
      case '{' -> object(false);
      case '[' -> array();
      case '"' -> string();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> number();
    }
  }

  private Set<String> object(boolean collectKeys) {
    Set<String> keys = new HashSet<>();
    expect('{');
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return keys;
    }
    while (true) {
      skipWhitespace();
      String key = string();
      if (collectKeys) {
        keys.add(key);
      }
      skipWhitespace();
      expect(':');
      value();
      skipWhitespace();
      if (peek() == ',') {
        pos++;
      } else {
        expect('}');
        return keys;
      }
    }
  }

  private void array() {
    expect('[');
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return;
    }
    while (true) {
      value();
      skipWhitespace();
      if (peek() == ',') {
        pos++;
      } else {
        expect(']');
        return;
      }
    }
  }

  private String string() {
    expect('"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        throw new IllegalArgumentException("control character in string");
      }
      if (c == '\\') {
        char e = text.charAt(pos++);
        if (e == 'u') {
          sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          pos += 4;
        } else if ("\"\\/bfnrt".indexOf(e) >= 0) {
          sb.append(e);
        } else {
          throw new IllegalArgumentException("bad escape");
        }
      } else {
        sb.append(c);
      }
    }
  }

  private void number() {
    int start = pos;
    while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    String n = text.substring(start, pos);
    if (!n.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?")) {
      throw new IllegalArgumentException("bad number");
    }
  }

  private void literal(String word) {
    if (!text.startsWith(word, pos)) {
      throw new IllegalArgumentException("bad literal");
    }
    pos += word.length();
  }

  private void expect(char c) {
    if (peek() != c) {
      throw new IllegalArgumentException("expected " + c);
    }
    pos++;
  }

  private char peek() {
    return text.charAt(pos);
  }

  private void skipWhitespace() {
    while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }
}
