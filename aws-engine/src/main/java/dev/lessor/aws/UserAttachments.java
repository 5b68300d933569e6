package dev.lessor.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the engine itself attaches to an IAM user it creates: the inline policy, the managed policy
 * attachments and the group memberships. Recorded in the lease when it begins (from the role as it
 * was then), so that revocation can delete exactly these and call {@code DeleteUser} without
 * listing everything first, even when the role changed or was deleted since. Anything else on the
 * user makes {@code DeleteUser} fail with {@code DeleteConflict}, and revocation then sweeps.
 * Immutable and thread-safe.
 *
 * @param inlinePolicy the inline policy's name, or null when the role had no policy document
 * @param policyArns the managed policies attached
 * @param groups the groups joined
 */
record UserAttachments(String inlinePolicy, List<String> policyArns, List<String> groups) {
  // IAM names and ARNs never hold spaces or line breaks, so one of each separates the entries.
  private static final String POLICY = "policy ";
  private static final String ARN = "arn ";
  private static final String GROUP = "group ";

  UserAttachments {
    policyArns = List.copyOf(policyArns);
    groups = List.copyOf(groups);
  }

  /** What a user minted from {@code role} gets. */
  static UserAttachments of(RoleEntry role) {
    return new UserAttachments(
        role.policyDocument() == null ? null : role.name(), role.policyArns(), role.iamGroups());
  }

  /** The form kept in the lease's internal data under {@link LeaseData#ATTACHED}. */
  String encode() {
    StringBuilder out = new StringBuilder();
    if (inlinePolicy != null) {
      out.append(POLICY).append(inlinePolicy).append('\n');
    }
    policyArns.forEach(arn -> out.append(ARN).append(arn).append('\n'));
    groups.forEach(group -> out.append(GROUP).append(group).append('\n'));
    return out.toString();
  }

  /**
   * Reads {@link #encode()}'s form; empty when {@code encoded} is null (a lease issued before the
   * engine recorded this) or holds an entry it does not know, so that the caller sweeps instead.
   */
  static Optional<UserAttachments> decode(String encoded) {
    if (encoded == null) {
      return Optional.empty();
    }
    String policy = null;
    List<String> arns = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    for (String line : encoded.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith(POLICY)) {
        policy = line.substring(POLICY.length());
      } else if (line.startsWith(ARN)) {
        arns.add(line.substring(ARN.length()));
      } else if (line.startsWith(GROUP)) {
        groups.add(line.substring(GROUP.length()));
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(new UserAttachments(policy, arns, groups));
  }
}
