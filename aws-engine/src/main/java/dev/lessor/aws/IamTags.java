package dev.lessor.aws;

/**
 * The tags the engine puts on every IAM user it creates, so that {@code tidy} can match a user to
 * its lease even when the lease store was lost, and can tell this deployment's users from another's
 * in the same account.
 */
final class IamTags {
  /** Tag keys with this prefix are the engine's own; roles may not set them. */
  static final String PREFIX = "lessor-";

  static final String LEASE_ID = "lessor-lease-id";
  static final String EXPIRE_TIME = "lessor-expire-time";
  static final String MOUNT = "lessor-mount";

  /**
   * The {@link dev.lessor.store.LeaseStore#storeId() id} of the lease store that holds the user's
   * lease: {@code tidy} deletes only users that carry its own store's id.
   */
  static final String STORE_ID = "lessor-store";

  /** How many tags the engine puts on a user; roles may add up to IAM's 50 minus these. */
  static final int COUNT = 4;

  private IamTags() {}
}
