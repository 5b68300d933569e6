package dev.lessor.aws;

import dev.lessor.internal.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The mount's {@code config/lease}: TTL and maximum TTL of IAM user leases when the role sets none.
 * Zero means "the mount's default". Immutable.
 *
 * @param lease the TTL of a new or renewed lease
 * @param leaseMax the most a lease may reach through renewals
 */
record LeaseConfig(Duration lease, Duration leaseMax) {
  LeaseConfig {
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(leaseMax, "leaseMax");
  }

  static LeaseConfig defaults() {
    return new LeaseConfig(Duration.ZERO, Duration.ZERO);
  }

  Map<String, Object> publicData() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("lease", Durations.format(lease));
    out.put("lease_max", Durations.format(leaseMax));
    return out;
  }

  byte[] encode() {
    return Json.write(Map.of("lease", lease.toMillis(), "lease_max", leaseMax.toMillis()));
  }

  static LeaseConfig decode(byte[] bytes) {
    JsonNode node = Json.parse(bytes);
    return new LeaseConfig(
        Duration.ofMillis(Json.number(node, "lease", 0)),
        Duration.ofMillis(Json.number(node, "lease_max", 0)));
  }
}
