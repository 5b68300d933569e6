package dev.lessor.aws;

import dev.lessor.InvalidRequestException;
import dev.lessor.engine.Request;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Turns a {@code roles/<name>} WRITE into a {@link RoleEntry}, rejecting bad values and invalid
 * combinations with an error that names the parameter. Stateless.
 */
final class RoleParser {
  static final Set<String> FIELDS =
      Set.of(
          "credential_type",
          "policy_document",
          "policy",
          "policy_arns",
          "role_arns",
          "iam_groups",
          "iam_tags",
          "user_path",
          "permissions_boundary_arn",
          "default_sts_ttl",
          "max_sts_ttl",
          "session_tags",
          "external_id",
          "ttl",
          "max_ttl",
          "wait_ready",
          "mfa_serial_number");

  static final Duration STS_MIN_TTL = Duration.ofMinutes(15);
  static final Duration STS_MAX_TTL = Duration.ofHours(36);

  private static final Pattern POLICY_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}|aws):policy/[\\x21-\\x7E]+");
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\x21-\\x7E]+");
  private static final Pattern USER_PATH = Pattern.compile("/([\\x21-\\x7E]{0,510}/)?");

  /** A virtual device's ARN, or a hardware device's serial (STS's SerialNumber: 9-256 chars). */
  private static final Pattern MFA_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:(mfa|u2f)/[\\w+=,.@/-]+");

  private static final Pattern MFA_SERIAL = Pattern.compile("[\\w+=/:,.@-]{9,256}");
  private static final String TYPES = "iam_user, assumed_role, federation_token or session_token";
  private static final String NO_POLICY =
      "does not apply to credential_type session_token: GetSessionToken takes no policy, role or"
          + " tags; its credentials carry the root credentials' own rights";
  private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

  private RoleParser() {}

  static RoleEntry parse(String name, Request request) {
    Fields.iamName("name", name, 64);
    Fields.requireKnown(request, FIELDS);
    boolean legacy = request.has("policy");
    if (legacy && request.has("policy_document")) {
      throw new InvalidRequestException(
          "policy", "is the legacy name of policy_document; give only one of them");
    }
    CredentialType type = credentialType(request, legacy);
    String policy = policyDocument(request, legacy ? "policy" : "policy_document");
    List<String> policyArns = arns(request, "policy_arns", POLICY_ARN, "an IAM policy ARN");
    List<String> roleArns = arns(request, "role_arns", ROLE_ARN, "an IAM role ARN");
    List<String> groups = request.stringList("iam_groups");
    groups.forEach(g -> Fields.iamName("iam_groups", g, 128));
    if (groups.size() > 10) {
      throw new InvalidRequestException("iam_groups", "may name at most 10 groups (IAM's limit)");
    }
    Map<String, String> tags = tags(request, "iam_tags", 50 - IamTags.COUNT);
    Map<String, String> sessionTags = tags(request, "session_tags", 50);
    String userPath = request.string("user_path").orElse(null);
    if (userPath != null && !USER_PATH.matcher(userPath).matches()) {
      throw new InvalidRequestException(
          "user_path", "must start and end with / and hold printable ASCII, at most 512");
    }
    String boundary = request.string("permissions_boundary_arn").orElse(null);
    if (boundary != null && !POLICY_ARN.matcher(boundary).matches()) {
      throw new InvalidRequestException("permissions_boundary_arn", "must be an IAM policy ARN");
    }
    String mfaSerial = mfaSerialNumber(request);
    String externalId = request.string("external_id").orElse(null);
    if (externalId != null && !externalId.matches("[\\w+=,.@:/-]{2,1224}")) {
      throw new InvalidRequestException(
          "external_id", "must be 2 to 1224 characters of letters, digits and +=,.@:/_-");
    }
    RoleEntry role =
        new RoleEntry(
            name,
            type,
            policy,
            policyArns,
            roleArns,
            groups,
            tags,
            userPath,
            boundary,
            stsTtl(request, "default_sts_ttl"),
            stsTtl(request, "max_sts_ttl"),
            sessionTags,
            externalId,
            request.duration("ttl").orElse(Duration.ZERO),
            request.duration("max_ttl").orElse(Duration.ZERO),
            request.bool("wait_ready").orElse(false),
            legacy,
            mfaSerial);
    checkCombination(request, role);
    return role;
  }

  private static CredentialType credentialType(Request request, boolean legacy) {
    String given = request.string("credential_type").orElse(null);
    if (given == null) {
      if (legacy) {
        return CredentialType.IAM_USER;
      }
      throw new InvalidRequestException("credential_type", "is required: " + TYPES);
    }
    CredentialType type =
        CredentialType.fromWireName(given)
            .orElseThrow(() -> new InvalidRequestException("credential_type", "must be " + TYPES));
    if (legacy && type == CredentialType.SESSION_TOKEN) {
      throw new InvalidRequestException("policy", NO_POLICY);
    }
    if (legacy && type != CredentialType.IAM_USER) {
      throw new InvalidRequestException(
          "policy", "(legacy) implies iam_user; use policy_document with " + type.wireName());
    }
    return type;
  }

  private static String mfaSerialNumber(Request request) {
    String serial = request.string("mfa_serial_number").filter(s -> !s.isBlank()).orElse(null);
    if (serial == null) {
      return null;
    }
    serial = serial.trim();
    boolean valid =
        serial.startsWith("arn:")
            ? MFA_ARN.matcher(serial).matches() && serial.length() <= 256
            : MFA_SERIAL.matcher(serial).matches();
    if (!valid) {
      throw new InvalidRequestException(
          "mfa_serial_number",
          "must be a virtual MFA device ARN (arn:aws:iam::<account>:mfa/<name>) or a hardware"
              + " device serial number (9 to 256 characters of letters, digits and +=/:,.@_-)");
    }
    return serial;
  }

  private static String policyDocument(Request request, String field) {
    String text = request.string(field).orElse(null);
    if (text == null) {
      return null;
    }
    JsonNode node;
    try {
      node = Json.parseOrExplain(text);
    } catch (Json.InvalidJson e) {
      throw new InvalidRequestException(
          field, "must be a JSON policy document, but is not valid JSON at " + e.getMessage());
    }
    if (!node.isObject()) {
      throw new InvalidRequestException(field, "must be a JSON policy document (an object)");
    }
    String compact = Json.compact(node);
    if (compact.length() > 10_240) {
      throw new InvalidRequestException(field, "is longer than IAM allows (10240 characters)");
    }
    return compact;
  }

  private static List<String> arns(Request request, String field, Pattern pattern, String what) {
    List<String> arns = request.stringList(field);
    for (String arn : arns) {
      if (!pattern.matcher(arn).matches()) {
        throw new InvalidRequestException(field, "'" + arn + "' is not " + what);
      }
    }
    return arns;
  }

  private static Map<String, String> tags(Request request, String field, int max) {
    Map<String, String> tags = request.stringMap(field);
    if (tags.size() > max) {
      throw new InvalidRequestException(field, "may hold at most " + max + " tags");
    }
    tags.forEach(
        (key, value) -> {
          if (key.isEmpty()
              || key.length() > 128
              || value.length() > 256
              || !TAG_TEXT.matcher(key).matches()
              || !TAG_TEXT.matcher(value).matches()) {
            throw new InvalidRequestException(
                field,
                "tag '"
                    + key
                    + "' must have a key of 1-128 and a value of 0-256 characters"
                    + " of letters, digits, spaces and _.:/=+-@");
          }
          if (key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")
              || key.startsWith(IamTags.PREFIX)) {
            throw new InvalidRequestException(
                field, "tag keys starting with aws: or " + IamTags.PREFIX + " are reserved");
          }
        });
    return tags;
  }

  private static Duration stsTtl(Request request, String field) {
    Duration ttl = request.duration(field).orElse(Duration.ZERO);
    if (!ttl.isZero() && (ttl.compareTo(STS_MIN_TTL) < 0 || ttl.compareTo(STS_MAX_TTL) > 0)) {
      throw new InvalidRequestException(field, "must be between 15m and 36h (STS limits)");
    }
    return ttl;
  }

  private static void checkCombination(Request request, RoleEntry role) {
    if (role.type() == CredentialType.IAM_USER) {
      only(
          request,
          role.type(),
          "role_arns",
          "default_sts_ttl",
          "max_sts_ttl",
          "session_tags",
          "external_id",
          "mfa_serial_number");
      if (!role.maxTtl().isZero() && role.ttl().compareTo(role.maxTtl()) > 0) {
        throw new InvalidRequestException("ttl", "must not exceed max_ttl");
      }
      return;
    }
    only(
        request,
        role.type(),
        "user_path",
        "permissions_boundary_arn",
        "iam_groups",
        "iam_tags",
        "ttl",
        "max_ttl",
        "wait_ready");
    if (!role.maxStsTtl().isZero() && role.defaultStsTtl().compareTo(role.maxStsTtl()) > 0) {
      throw new InvalidRequestException("default_sts_ttl", "must not exceed max_sts_ttl");
    }
    if (role.type() == CredentialType.ASSUMED_ROLE) {
      if (role.roleArns().isEmpty()) {
        throw new InvalidRequestException("role_arns", "is required for assumed_role");
      }
    } else if (role.type() == CredentialType.SESSION_TOKEN) {
      for (String field :
          List.of("policy_document", "policy_arns", "role_arns", "session_tags", "external_id")) {
        if (request.has(field)) {
          throw new InvalidRequestException(field, NO_POLICY);
        }
      }
    } else {
      only(request, role.type(), "role_arns", "session_tags", "external_id", "mfa_serial_number");
      if (role.policyDocument() == null && role.policyArns().isEmpty()) {
        throw new InvalidRequestException(
            "policy_document",
            "or policy_arns is required for federation_token (otherwise the token would carry"
                + " the root credentials' rights)");
      }
    }
  }

  /**
   * Rejects each of {@code fields} present in {@code request}: they do not apply to {@code type}.
   */
  private static void only(Request request, CredentialType type, String... fields) {
    for (String field : fields) {
      if (request.has(field)) {
        throw new InvalidRequestException(
            field, "does not apply to credential_type " + type.wireName());
      }
    }
  }
}
