package dev.lessor.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks AWS Signature Version 4 on a request: parses the {@code Authorization} header, rebuilds
 * the canonical request from the signed headers, the path, the query and the body's SHA-256, and
 * compares the signature computed with the caller's secret key in constant time.
 *
 * <p>The payload hash is always computed from the body received (never taken from {@code
 * x-amz-content-sha256}), so a body altered after signing fails. The request time is not compared
 * with the emulator's clock, because tests move that clock hours ahead of the wall clock the SDK
 * signs with. Stateless and thread-safe.
 */
final class SigV4Verifier {
  private static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          ALGORITHM
              + "\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request\\s*,"
              + "\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-f]{64})\\s*");

  /** The parts of an {@code Authorization} header. */
  record Authorization(
      String accessKeyId,
      String date,
      String region,
      String service,
      List<String> signedHeaders,
      String signature) {
    Authorization {
      signedHeaders = List.copyOf(signedHeaders);
    }

    String scope() {
      return date + "/" + region + "/" + service + "/aws4_request";
    }
  }

  /** The parts of an HTTP request the signature covers. */
  record SignedRequest(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, List<String>> headers,
      byte[] body) {}

  private SigV4Verifier() {}

  /** Parses the header; a request without one, or with another scheme, is refused as AWS does. */
  static Authorization parse(String header) {
    if (header == null || header.isBlank()) {
      throw new QueryError(
          403, "MissingAuthenticationToken", "Request is missing Authentication Token");
    }
    Matcher m = AUTHORIZATION.matcher(header.trim());
    if (!m.matches()) {
      throw new QueryError(
          400,
          "IncompleteSignature",
          "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters"
              + " with the "
              + ALGORITHM
              + " algorithm.");
    }
    return new Authorization(
        m.group(1), m.group(2), m.group(3), m.group(4), List.of(m.group(5).split(";")), m.group(6));
  }

  /** Whether the signature was made with {@code secretAccessKey} over this request. */
  static boolean verify(Authorization auth, String secretAccessKey, SignedRequest request) {
    String amzDate = header(request.headers(), "x-amz-date");
    if (amzDate == null || !auth.signedHeaders().contains("host")) {
      return false;
    }
    String canonicalRequest =
        String.join(
            "\n",
            request.method(),
            canonicalUri(request.rawPath()),
            canonicalQuery(request.rawQuery()),
            canonicalHeaders(auth.signedHeaders(), request.headers()),
            String.join(";", auth.signedHeaders()),
            hex(sha256(request.body())));
    String stringToSign =
        String.join(
            "\n",
            ALGORITHM,
            amzDate,
            auth.scope(),
            hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
    byte[] key = ("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8);
    for (String part : List.of(auth.date(), auth.region(), auth.service(), "aws4_request")) {
      key = hmac(key, part);
    }
    byte[] expected = hmac(key, stringToSign);
    return MessageDigest.isEqual(expected, HexFormat.of().parseHex(auth.signature()));
  }

  private static String canonicalHeaders(List<String> names, Map<String, List<String>> headers) {
    StringBuilder sb = new StringBuilder();
    for (String name : names) {
      String value = header(headers, name);
      sb.append(name).append(':');
      sb.append(value == null ? "" : value.trim().replaceAll("\\s+", " ")).append('\n');
    }
    return sb.toString();
  }

  private static String header(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return String.join(",", e.getValue());
      }
    }
    return null;
  }

  /** Each path segment URI-encoded again, as the SDK does for every service but S3. */
  private static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    StringBuilder sb = new StringBuilder();
    String[] segments = rawPath.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        sb.append('/');
      }
      sb.append(encode(segments[i]));
    }
    return sb.toString();
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      pairs.add(new String[] {encode(decode(name)), encode(decode(value))});
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    List<String> joined = new ArrayList<>();
    for (String[] p : pairs) {
      joined.add(p[0] + "=" + p[1]);
    }
    return String.join("&", joined);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** RFC 3986 encoding: everything but unreserved characters, upper-case hex. */
  private static String encode(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        sb.append(c);
      } else {
        sb.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return sb.toString();
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
