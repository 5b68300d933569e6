package dev.lessor.testing;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** An IAM group and its members' names. Mutable; only touched under the {@link IamAccount} lock. */
final class IamGroup {
  final String name;
  final String path;
  final String groupId;
  final String arn;
  final Instant createDate;
  final Set<String> members = new LinkedHashSet<>();

  IamGroup(String name, String path, String groupId, String arn, Instant createDate) {
    this.name = name;
    this.path = path;
    this.groupId = groupId;
    this.arn = arn;
    this.createDate = createDate;
  }
}
