package dev.lessor.testing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Writes the XML of AWS Query-protocol responses: the elements of an action's result, and the
 * {@code <ActionResponse><ActionResult>...</ActionResult><ResponseMetadata>} and {@code
 * <ErrorResponse><Error>...</Error><RequestId>} envelopes in the shapes the AWS SDK for Java v2
 * parses. Text is escaped; null values are left out, as AWS leaves out absent members. Not
 * thread-safe: one writer per response.
 */
final class XmlWriter {
  private final StringBuilder out = new StringBuilder();
  private final Deque<String> open = new ArrayDeque<>();

  /** Opens {@code <name>}; close it with {@link #end()}. */
  XmlWriter start(String name) {
    out.append('<').append(name).append('>');
    open.push(name);
    return this;
  }

  XmlWriter end() {
    out.append("</").append(open.pop()).append('>');
    return this;
  }

  /** {@code <name>value</name>}, or nothing when the value is null. */
  XmlWriter value(String name, Object value) {
    if (value != null) {
      out.append('<').append(name).append('>');
      escape(format(value));
      out.append("</").append(name).append('>');
    }
    return this;
  }

  /** A list in the Query shape: {@code <name><member>...</member>...</name>}. */
  <T> XmlWriter members(String name, Collection<T> items, BiConsumer<XmlWriter, T> member) {
    start(name);
    for (T item : items) {
      start("member");
      member.accept(this, item);
      end();
    }
    return end();
  }

  /** A list of plain strings: {@code <name><member>a</member></name>}. */
  XmlWriter stringMembers(String name, Collection<String> items) {
    return members(name, items, (w, item) -> w.escape(item));
  }

  /** A tag list: {@code <name><member><Key/><Value/></member></name>}. */
  XmlWriter tags(String name, Map<String, String> tags) {
    return members(
        name, tags.entrySet(), (w, e) -> w.value("Key", e.getKey()).value("Value", e.getValue()));
  }

  /** The list-result tail every paginated IAM list action writes. */
  XmlWriter page(Page<?> page) {
    value("IsTruncated", page.truncated());
    return value("Marker", page.nextMarker());
  }

  boolean isEmpty() {
    return out.length() == 0;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private static String format(Object value) {
    if (value instanceof Instant instant) {
      // AWS writes ISO-8601 timestamps; whole seconds as IAM does.
      return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
    return String.valueOf(value);
  }

  private void escape(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> out.append(c);
      }
    }
  }

  /** The success envelope; the result element is left out when the action returns nothing. */
  static String success(String action, String namespace, String requestId, XmlWriter result) {
    XmlWriter w = new XmlWriter();
    w.out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    w.out.append('<').append(action).append("Response xmlns=\"").append(namespace).append("\">");
    w.open.push(action + "Response");
    if (!result.isEmpty()) {
      w.start(action + "Result");
      w.out.append(result.out);
      w.end();
    }
    w.start("ResponseMetadata").value("RequestId", requestId).end();
    return w.end().toString();
  }

  /** The error envelope the AWS SDK reads the error code and message from. */
  static String error(String namespace, String requestId, QueryError error) {
    XmlWriter w = new XmlWriter();
    w.out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    w.out.append("<ErrorResponse xmlns=\"").append(namespace).append("\">");
    w.open.push("ErrorResponse");
    w.start("Error")
        .value("Type", error.type())
        .value("Code", error.code())
        .value("Message", error.getMessage())
        .end();
    w.value("RequestId", requestId);
    return w.end().toString();
  }
}
