package dev.lessor.testing;

import java.time.Instant;
import java.util.Map;

/**
 * A managed policy, customer-created or one of the AWS-managed policies present from the start.
 * Immutable; the attachment count is derived from the users that attach it.
 */
record ManagedPolicy(
    String arn,
    String name,
    String path,
    String policyId,
    String document,
    String description,
    Instant createDate,
    Map<String, String> tags) {
  ManagedPolicy {
    tags = Map.copyOf(tags);
  }
}
