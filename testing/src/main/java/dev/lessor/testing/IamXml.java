package dev.lessor.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Renders the emulator's entities as the IAM response elements the AWS SDK reads ({@code User},
 * {@code Group}, {@code Role}, {@code Policy}). Policy documents in responses are URL-encoded, as
 * IAM returns them (the SDK does not decode them: callers must). Stateless.
 */
final class IamXml {
  private IamXml() {}

  static void user(XmlWriter w, IamUser user, boolean withTags) {
    w.value("Path", user.path)
        .value("UserName", user.name)
        .value("UserId", user.userId)
        .value("Arn", user.arn)
        .value("CreateDate", user.createDate);
    boundary(w, user.permissionsBoundaryArn);
    if (withTags && !user.tags.isEmpty()) {
      w.tags("Tags", user.tags);
    }
  }

  static void group(XmlWriter w, IamGroup group) {
    w.value("Path", group.path)
        .value("GroupName", group.name)
        .value("GroupId", group.groupId)
        .value("Arn", group.arn)
        .value("CreateDate", group.createDate);
  }

  static void role(XmlWriter w, IamRole role) {
    w.value("Path", role.path)
        .value("RoleName", role.name)
        .value("RoleId", role.roleId)
        .value("Arn", role.arn)
        .value("CreateDate", role.createDate)
        .value("AssumeRolePolicyDocument", encodePolicy(role.assumeRolePolicyDocument))
        .value("Description", role.description)
        .value("MaxSessionDuration", role.maxSessionDuration.toSeconds());
    boundary(w, role.permissionsBoundaryArn);
    if (!role.tags.isEmpty()) {
      w.tags("Tags", role.tags);
    }
  }

  static void policy(XmlWriter w, ManagedPolicy policy, int attachmentCount) {
    w.value("PolicyName", policy.name())
        .value("PolicyId", policy.policyId())
        .value("Arn", policy.arn())
        .value("Path", policy.path())
        .value("DefaultVersionId", "v1")
        .value("AttachmentCount", attachmentCount)
        .value("PermissionsBoundaryUsageCount", 0)
        .value("IsAttachable", true)
        .value("Description", policy.description())
        .value("CreateDate", policy.createDate())
        .value("UpdateDate", policy.createDate());
    if (!policy.tags().isEmpty()) {
      w.tags("Tags", policy.tags());
    }
  }

  private static void boundary(XmlWriter w, String arn) {
    if (arn != null) {
      w.start("PermissionsBoundary")
          .value("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
          .value("PermissionsBoundaryArn", arn)
          .end();
    }
  }

  /** RFC 3986 percent-encoding, the form IAM returns policy documents in. */
  static String encodePolicy(String document) {
    return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
