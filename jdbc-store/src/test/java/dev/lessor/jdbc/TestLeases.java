package dev.lessor.jdbc;

import dev.lessor.LeaseState;
import dev.lessor.store.LeaseRecord;
import java.time.Instant;
import java.util.Map;

/** An active lease of the AWS engine whose internal data a test can look for in the database. */
final class TestLeases {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  private TestLeases() {}

  /** Issued at {@link #T0}, expiring an hour later, with internal data {@code AKIAINTERNALDATA}. */
  static LeaseRecord active(String id) {
    return new LeaseRecord(
        id,
        "aws/",
        "aws",
        "aws/creds/r",
        LeaseState.ACTIVE,
        T0,
        T0.plusSeconds(3600),
        T0.plusSeconds(7200),
        true,
        Map.of("access_key_id", "AKIAINTERNALDATA"),
        T0.plusSeconds(3600),
        0,
        null,
        0);
  }
}
