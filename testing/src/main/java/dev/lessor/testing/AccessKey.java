package dev.lessor.testing;

import java.time.Instant;

/**
 * A long-term access key of the root user ({@code userName} null) or of an IAM user. It signs
 * requests only while Active and from {@code activeFrom} on, which models IAM's eventual
 * consistency. Mutable status; only touched under the {@link IamAccount} lock.
 */
final class AccessKey {
  final String id;
  final String secret;
  final String userName;
  final Instant createDate;
  final Instant activeFrom;
  String status = "Active";

  AccessKey(String id, String secret, String userName, Instant createDate, Instant activeFrom) {
    this.id = id;
    this.secret = secret;
    this.userName = userName;
    this.createDate = createDate;
    this.activeFrom = activeFrom;
  }

  @Override
  public String toString() {
    return "AccessKey[" + id + ", " + status + "]";
  }
}
