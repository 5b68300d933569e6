package dev.lessor.aws;

import dev.lessor.internal.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * A role as stored under {@code roles/<name>}: what each credential read from it gets. Validated by
 * {@link RoleParser} when written; immutable and thread-safe.
 *
 * @param name the role name
 * @param type the kind of credential
 * @param policyDocument the compacted inline policy (iam_user) or session policy (STS), or null
 * @param policyArns managed policies attached (iam_user) or used as session filters (STS)
 * @param roleArns the roles an assumed_role credential may assume
 * @param iamGroups groups an IAM user joins
 * @param iamTags tags on an IAM user
 * @param userPath the IAM user path, or {@code null} for the mount's own path
 * @param permissionsBoundaryArn the IAM user's permissions boundary, or null
 * @param defaultStsTtl the STS TTL when the request names none; zero for one hour
 * @param maxStsTtl the most an STS request may ask; zero for the STS limit
 * @param sessionTags session tags for AssumeRole
 * @param externalId the external id for AssumeRole, or null
 * @param ttl the IAM user lease TTL; zero for config/lease or the mount default
 * @param maxTtl the IAM user lease maximum; zero for config/lease or the mount default
 * @param waitReady whether IAM user keys are returned only once STS accepts them
 * @param legacy whether the role was written with the legacy {@code policy} parameter
 * @param mfaSerialNumber the MFA device (ARN or hardware serial) whose code each read must pass
 *     (session_token, assumed_role), or null
 */
record RoleEntry(
    String name,
    CredentialType type,
    String policyDocument,
    List<String> policyArns,
    List<String> roleArns,
    List<String> iamGroups,
    Map<String, String> iamTags,
    String userPath,
    String permissionsBoundaryArn,
    Duration defaultStsTtl,
    Duration maxStsTtl,
    Map<String, String> sessionTags,
    String externalId,
    Duration ttl,
    Duration maxTtl,
    boolean waitReady,
    boolean legacy,
    String mfaSerialNumber) {

  RoleEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    policyArns = List.copyOf(policyArns);
    roleArns = List.copyOf(roleArns);
    iamGroups = List.copyOf(iamGroups);
    iamTags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(iamTags));
    sessionTags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sessionTags));
    Objects.requireNonNull(defaultStsTtl, "defaultStsTtl");
    Objects.requireNonNull(maxStsTtl, "maxStsTtl");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(maxTtl, "maxTtl");
  }

  /** What {@code roles/<name>} READ returns. */
  Map<String, Object> publicData() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("credential_type", type.wireName());
    out.put("policy_document", policyDocument);
    out.put("policy_arns", policyArns);
    out.put("role_arns", roleArns);
    out.put("iam_groups", iamGroups);
    out.put("iam_tags", iamTags);
    out.put("user_path", userPath);
    out.put("permissions_boundary_arn", permissionsBoundaryArn);
    out.put("default_sts_ttl", Durations.format(defaultStsTtl));
    out.put("max_sts_ttl", Durations.format(maxStsTtl));
    out.put("session_tags", sessionTags);
    out.put("external_id", externalId);
    out.put("ttl", Durations.format(ttl));
    out.put("max_ttl", Durations.format(maxTtl));
    out.put("wait_ready", waitReady);
    out.put("mfa_serial_number", mfaSerialNumber);
    return out;
  }

  byte[] encode() {
    Map<String, Object> fields = new LinkedHashMap<>(publicData());
    fields.put("default_sts_ttl", defaultStsTtl.toMillis());
    fields.put("max_sts_ttl", maxStsTtl.toMillis());
    fields.put("ttl", ttl.toMillis());
    fields.put("max_ttl", maxTtl.toMillis());
    fields.put("legacy", legacy);
    return Json.write(fields);
  }

  static RoleEntry decode(String name, byte[] bytes) {
    JsonNode node = Json.parse(bytes);
    return new RoleEntry(
        name,
        CredentialType.fromWireName(Json.string(node, "credential_type", "")).orElseThrow(),
        Json.string(node, "policy_document"),
        Json.list(node, "policy_arns"),
        Json.list(node, "role_arns"),
        Json.list(node, "iam_groups"),
        Json.map(node, "iam_tags"),
        Json.string(node, "user_path"),
        Json.string(node, "permissions_boundary_arn"),
        millis(node, "default_sts_ttl"),
        millis(node, "max_sts_ttl"),
        Json.map(node, "session_tags"),
        Json.string(node, "external_id"),
        millis(node, "ttl"),
        millis(node, "max_ttl"),
        Json.bool(node, "wait_ready"),
        Json.bool(node, "legacy"),
        Json.string(node, "mfa_serial_number"));
  }

  private static Duration millis(JsonNode node, String key) {
    return Duration.ofMillis(Json.number(node, key, 0));
  }
}
