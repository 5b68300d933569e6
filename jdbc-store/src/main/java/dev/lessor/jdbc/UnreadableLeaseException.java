package dev.lessor.jdbc;

import dev.lessor.LessorException;

/**
 * A lease row that cannot be decoded: its bytes were altered, it was edited by hand, or a newer
 * version of Lessor wrote it in a format this one does not know. Names the lease and the reason;
 * never holds the row's content.
 */
final class UnreadableLeaseException extends LessorException {
  private static final long serialVersionUID = 1L;

  private final transient String leaseId;
  private final long version;
  private final String reason;

  UnreadableLeaseException(String leaseId, long version, String reason, Throwable cause) {
    super("lease " + leaseId + " cannot be read from the store: " + reason, cause, false);
    this.leaseId = leaseId;
    this.version = version;
    this.reason = reason;
  }

  String leaseId() {
    return leaseId;
  }

  /** The row's version, read apart from the rest, so that the row can be set aside. */
  long version() {
    return version;
  }

  /** Why it cannot be read. */
  String reason() {
    return reason;
  }
}
