package dev.lessor.aws;

import dev.lessor.InvalidRequestException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names IAM users and STS sessions from a template such as {@code
 * lessor-{{role}}-{{unix_time}}-{{random 20}}}.
 *
 * <p>Placeholders: {@code {{role}}} (the role name), {@code {{display_name}}} (the request's {@code
 * display_name}, empty when absent), {@code {{unix_time}}} (seconds since the epoch) and {@code
 * {{random N}}} ({@code N} random letters and digits; {@code {{random}}} is 20). A template must
 * hold at least 8 random characters, so names do not collide.
 *
 * <p>The result always fits IAM: characters outside {@code [\w+=,.@-]} become {@code _}, and a name
 * over the limit (64 for users and sessions, 32 for federation tokens) is shortened by cutting the
 * readable parts (role and display name first, then the fixed text and the time), never the random
 * part, which is what keeps names unique. Immutable and thread-safe.
 */
final class UsernameTemplate {
  static final String DEFAULT = "lessor-{{role}}-{{unix_time}}-{{random 20}}";

  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{\\s*([a-z_]+)(?:\\s+(\\d+))?\\s*}}");
  private static final Pattern NOT_IAM = Pattern.compile("[^\\w+=,.@-]");
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int UNBIASED_BOUND = 256 - 256 % ALPHABET.length();

  private enum Kind {
    TEXT,
    ROLE,
    DISPLAY_NAME,
    UNIX_TIME,
    RANDOM
  }

  private record Part(Kind kind, String text, int length) {}

  private final List<Part> parts;

  private UsernameTemplate(List<Part> parts) {
    this.parts = List.copyOf(parts);
  }

  /**
   * Parses {@code template}.
   *
   * @throws InvalidRequestException naming {@code username_template} when it is malformed
   */
  static UsernameTemplate parse(String template) {
    List<Part> parts = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    int at = 0;
    int random = 0;
    while (m.find()) {
      addText(parts, template.substring(at, m.start()));
      Kind kind = kind(m.group(1));
      int length = 0;
      if (kind == Kind.RANDOM) {
        length = m.group(2) == null ? 20 : Integer.parseInt(m.group(2));
        random += length;
      } else if (m.group(2) != null) {
        throw invalid("{{" + m.group(1) + "}} takes no argument");
      }
      parts.add(new Part(kind, "", length));
      at = m.end();
    }
    addText(parts, template.substring(at));
    if (random < 8 || random > 32) {
      throw invalid("must hold between 8 and 32 random characters ({{random N}}), has " + random);
    }
    return new UsernameTemplate(parts);
  }

  private static void addText(List<Part> parts, String text) {
    if (text.contains("{{") || text.contains("}}")) {
      throw invalid(
          "has an unknown placeholder; use {{role}}, {{display_name}}, {{unix_time}}, {{random N}}");
    }
    if (NOT_IAM.matcher(text).find()) {
      throw invalid("text may only hold letters, digits and +=,.@_-");
    }
    if (!text.isEmpty()) {
      parts.add(new Part(Kind.TEXT, text, 0));
    }
  }

  private static Kind kind(String name) {
    return switch (name) {
      case "role" -> Kind.ROLE;
      case "display_name" -> Kind.DISPLAY_NAME;
      case "unix_time" -> Kind.UNIX_TIME;
      case "random" -> Kind.RANDOM;
      default -> throw invalid("has an unknown placeholder {{" + name + "}}");
    };
  }

  private static InvalidRequestException invalid(String rule) {
    return new InvalidRequestException("username_template", rule);
  }

  /** A new name, at most {@code maxLength} characters, valid for IAM. */
  String render(String role, String displayName, Instant now, int maxLength) {
    List<StringBuilder> values = new ArrayList<>();
    for (Part part : parts) {
      String value =
          switch (part.kind()) {
            case TEXT -> part.text();
            case ROLE -> sanitize(role);
            case DISPLAY_NAME -> sanitize(displayName);
            case UNIX_TIME -> Long.toString(now.getEpochSecond());
            case RANDOM -> random(part.length());
          };
      values.add(new StringBuilder(value));
    }
    int excess = -maxLength;
    for (StringBuilder value : values) {
      excess += value.length();
    }
    while (excess > 0) {
      StringBuilder victim = longestReadable(values);
      if (victim == null) {
        throw new IllegalStateException("random part longer than " + maxLength);
      }
      victim.setLength(victim.length() - 1);
      excess--;
    }
    StringBuilder out = new StringBuilder();
    values.forEach(out::append);
    return out.toString();
  }

  /**
   * The value to shorten next: the time first (IAM keeps the creation date anyway), then the
   * longest role or display name, then the longest fixed text; never a random part.
   */
  private StringBuilder longestReadable(List<StringBuilder> values) {
    for (List<Kind> kinds :
        List.of(
            List.of(Kind.UNIX_TIME), List.of(Kind.ROLE, Kind.DISPLAY_NAME), List.of(Kind.TEXT))) {
      StringBuilder best = null;
      for (int i = 0; i < parts.size(); i++) {
        StringBuilder value = values.get(i);
        if (kinds.contains(parts.get(i).kind())
            && value.length() > 0
            && (best == null || value.length() > best.length())) {
          best = value;
        }
      }
      if (best != null) {
        return best;
      }
    }
    return null;
  }

  private static String sanitize(String text) {
    Matcher bad = NOT_IAM.matcher(text);
    return bad.find() ? bad.replaceAll("_") : text;
  }

  /**
   * {@code length} characters of {@link #ALPHABET}, uniformly. One {@code nextBytes} for all of
   * them: a {@code nextInt} per character costs the secure generator a round each.
   */
  private static String random(int length) {
    StringBuilder out = new StringBuilder(length);
    byte[] bytes = new byte[length * 2];
    while (out.length() < length) {
      RANDOM.nextBytes(bytes);
      for (int i = 0; i < bytes.length && out.length() < length; i++) {
        int b = bytes[i] & 0xFF;
        if (b < UNBIASED_BOUND) { // above it, the alphabet would not divide the range evenly
          out.append(ALPHABET.charAt(b % ALPHABET.length()));
        }
      }
    }
    return out.toString();
  }
}
