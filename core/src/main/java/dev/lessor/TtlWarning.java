package dev.lessor;

import dev.lessor.internal.Durations;
import java.time.Duration;

/**
 * The warning a caller gets when the TTL it asked for was capped, on issue and on renewal, worded
 * as established secrets servers word it. Stateless.
 */
final class TtlWarning {
  private TtlWarning() {}

  /**
   * @param asked the TTL asked for
   * @param max the most the lease may live from now, which was granted instead
   */
  static String capped(Duration asked, Duration max) {
    return "TTL of "
        + Durations.format(asked)
        + " exceeded the effective max_ttl of "
        + Durations.format(max)
        + "; TTL value is capped accordingly";
  }
}
