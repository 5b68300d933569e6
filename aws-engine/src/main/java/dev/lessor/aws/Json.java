package dev.lessor.aws;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * The small amount of JSON the engine needs: parsing policy documents and stored entries, writing
 * stored entries, and compacting policies. Built on the SDK's own JSON parser so that the engine
 * adds no JSON library. Stateless.
 */
final class Json {
  private Json() {}

  /** Parses {@code text}; {@code null} when it is not JSON. */
  static JsonNode parseOrNull(String text) {
    try {
      return JsonNode.parser().parse(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Parses {@code text}.
   *
   * @throws InvalidJson when it is not JSON, saying where it breaks (never quoting the text)
   */
  static JsonNode parseOrExplain(String text) {
    try {
      return JsonNode.parser().parse(text);
    } catch (RuntimeException e) {
      throw new InvalidJson(where(e));
    }
  }

  /** Why and where the parser stopped, such as {@code line 3, column 11: unexpected ','}. */
  private static String where(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause(); // the parser's own exception, not a wrapper that names it
    }
    for (Throwable c : List.of(root, e)) {
      String message = c.getMessage();
      if (message == null) {
        continue;
      }
      Matcher at = LOCATION.matcher(message);
      if (at.find()) {
        // The parser's first line says why; the rest quotes the input, which stays out of errors.
        String reason = message.lines().findFirst().orElse("").replaceAll(" \\(code \\d+\\)", "");
        int colon = reason.indexOf(':');
        String why = colon > 0 ? reason.substring(0, colon) : reason;
        return "line " + at.group(1) + ", column " + at.group(2) + ": " + why.trim();
      }
    }
    return "not valid JSON";
  }

  private static final Pattern LOCATION = Pattern.compile("line: (\\d+), column: (\\d+)\\]");

  /** Text that is not JSON; the message says where it breaks. */
  static final class InvalidJson extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidJson(String where) {
      super(where, null, false, false);
    }
  }

  static JsonNode parse(byte[] bytes) {
    return JsonNode.parser().parse(bytes);
  }

  /** {@code node} written back without insignificant whitespace. */
  static String compact(JsonNode node) {
    JsonWriter writer = JsonWriter.create();
    writeNode(writer, node);
    return new String(writer.getBytes(), StandardCharsets.UTF_8);
  }

  /**
   * Writes an object whose values are strings, booleans, numbers, string collections or string
   * maps; null values are left out.
   */
  static byte[] write(Map<String, ?> fields) {
    JsonWriter writer = JsonWriter.create();
    writeValue(writer, fields);
    return writer.getBytes();
  }

  private static void writeValue(JsonWriter writer, Object value) {
    if (value instanceof Map<?, ?> map) {
      writer.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (e.getValue() != null) {
          writer.writeFieldName(e.getKey().toString());
          writeValue(writer, e.getValue());
        }
      }
      writer.writeEndObject();
    } else if (value instanceof Collection<?> items) {
      writer.writeStartArray();
      for (Object item : items) {
        writeValue(writer, item);
      }
      writer.writeEndArray();
    } else if (value instanceof Boolean b) {
      writer.writeValue(b);
    } else if (value instanceof Number n) {
      writer.writeNumber(n.toString());
    } else {
      writer.writeValue(value.toString());
    }
  }

  private static void writeNode(JsonWriter writer, JsonNode node) {
    if (node.isObject()) {
      writer.writeStartObject();
      for (Map.Entry<String, JsonNode> e : node.asObject().entrySet()) {
        writer.writeFieldName(e.getKey());
        writeNode(writer, e.getValue());
      }
      writer.writeEndObject();
    } else if (node.isArray()) {
      writer.writeStartArray();
      node.asArray().forEach(item -> writeNode(writer, item));
      writer.writeEndArray();
    } else if (node.isString()) {
      writer.writeValue(node.asString());
    } else if (node.isNumber()) {
      writer.writeNumber(node.asNumber());
    } else if (node.isBoolean()) {
      writer.writeValue(node.asBoolean());
    } else {
      writer.writeNull();
    }
  }

  /** The string field {@code key} of {@code object}, or {@code null}. */
  static String string(JsonNode object, String key) {
    return object.field(key).filter(JsonNode::isString).map(JsonNode::asString).orElse(null);
  }

  static String string(JsonNode object, String key, String fallback) {
    String value = string(object, key);
    return value == null ? fallback : value;
  }

  static boolean bool(JsonNode object, String key) {
    return object.field(key).filter(JsonNode::isBoolean).map(JsonNode::asBoolean).orElse(false);
  }

  static long number(JsonNode object, String key, long fallback) {
    return object
        .field(key)
        .filter(JsonNode::isNumber)
        .map(n -> Long.parseLong(n.asNumber()))
        .orElse(fallback);
  }

  static double decimal(JsonNode object, String key) {
    return object
        .field(key)
        .filter(JsonNode::isNumber)
        .map(n -> Double.parseDouble(n.asNumber()))
        .orElse(0.0);
  }

  static List<String> list(JsonNode object, String key) {
    List<String> out = new ArrayList<>();
    object
        .field(key)
        .filter(JsonNode::isArray)
        .ifPresent(a -> a.asArray().forEach(item -> out.add(item.asString())));
    return List.copyOf(out);
  }

  static Map<String, String> map(JsonNode object, String key) {
    Map<String, String> out = new LinkedHashMap<>();
    object
        .field(key)
        .filter(JsonNode::isObject)
        .ifPresent(o -> o.asObject().forEach((k, v) -> out.put(k, v.asString())));
    return java.util.Collections.unmodifiableMap(out);
  }
}
