package dev.lessor.aws;

/**
 * The tags the engine puts on every IAM user it creates, so that {@code tidy} can match a user to
 * its lease even when the lease store was lost.
 */
final class IamTags {
  /** Tag keys with this prefix are the engine's own; roles may not set them. */
  static final String PREFIX = "lessor-";

  static final String LEASE_ID = "lessor-lease-id";
  static final String EXPIRE_TIME = "lessor-expire-time";
  static final String MOUNT = "lessor-mount";

  private IamTags() {}
}
