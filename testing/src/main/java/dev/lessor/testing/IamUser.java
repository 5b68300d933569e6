package dev.lessor.testing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An IAM user in the emulator's state, with everything that can hang off it: inline policies,
 * managed policy attachments, group memberships, tags, a permissions boundary, a login profile and
 * SSH public keys (access keys live in {@link IamAccount}, which also serves them to SigV4).
 * Mutable; only touched while holding the {@link IamAccount} lock.
 */
final class IamUser {
  final String name;
  final String path;
  final String userId;
  final String arn;
  final Instant createDate;
  String permissionsBoundaryArn;
  final Map<String, String> tags = new LinkedHashMap<>();
  final Map<String, String> inlinePolicies = new TreeMap<>();
  final Set<String> attachedPolicyArns = new LinkedHashSet<>();
  final Set<String> groups = new LinkedHashSet<>();
  Instant loginProfileCreated;
  boolean passwordResetRequired;
  final Map<String, SshKey> sshKeys = new LinkedHashMap<>();

  IamUser(String name, String path, String userId, String arn, Instant createDate) {
    this.name = name;
    this.path = path;
    this.userId = userId;
    this.arn = arn;
    this.createDate = createDate;
  }

  /** An SSH public key uploaded for CodeCommit. */
  record SshKey(String id, String body, String fingerprint, String status, Instant uploadDate) {}
}
