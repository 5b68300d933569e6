package dev.lessor.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An IAM role: its trust policy, maximum session duration (which bounds AssumeRole), tags and
 * inline policies. Mutable; only touched under the {@link IamAccount} lock.
 */
final class IamRole {
  final String name;
  final String path;
  final String roleId;
  final String arn;
  final Instant createDate;
  final String assumeRolePolicyDocument;
  final String description;
  final Duration maxSessionDuration;
  final String permissionsBoundaryArn;
  final Map<String, String> tags = new LinkedHashMap<>();
  final Map<String, String> inlinePolicies = new TreeMap<>();

  IamRole(
      String name,
      String path,
      String roleId,
      String arn,
      Instant createDate,
      String assumeRolePolicyDocument,
      String description,
      Duration maxSessionDuration,
      String permissionsBoundaryArn) {
    this.name = name;
    this.path = path;
    this.roleId = roleId;
    this.arn = arn;
    this.createDate = createDate;
    this.assumeRolePolicyDocument = assumeRolePolicyDocument;
    this.description = description;
    this.maxSessionDuration = maxSessionDuration;
    this.permissionsBoundaryArn = permissionsBoundaryArn;
  }
}
