package dev.lessor.aws;

import dev.lessor.InvalidRequestException;
import dev.lessor.Response;
import dev.lessor.engine.Request;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;

/**
 * Checks region names of {@code config/root}. A name of the wrong shape is refused; a well-shaped
 * name the AWS SDK does not know (a typo such as {@code us-esat-1}, or a region newer than the SDK)
 * is accepted, because new regions appear, but the write's response warns about it. Stateless.
 */
final class Regions {
  private static final Pattern SHAPE =
      Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+|aws-global|[a-z0-9-]{3,40}");
  private static final Set<String> KNOWN =
      Region.regions().stream().map(Region::id).collect(Collectors.toUnmodifiableSet());

  private Regions() {}

  /** {@code field} of {@code request} as {@link #check} checks it, or null when absent or blank. */
  static String optional(Request request, String field, Response.Builder out) {
    return request
        .string(field)
        .filter(s -> !s.isBlank())
        .map(r -> check(field, r.trim(), out))
        .orElse(null);
  }

  /**
   * {@code region} of {@code field} once its shape is checked, adding a warning to {@code out} when
   * the SDK does not know it.
   *
   * @throws InvalidRequestException naming {@code field} when it is not shaped like a region
   */
  static String check(String field, String region, Response.Builder out) {
    if (!SHAPE.matcher(region).matches()) {
      throw new InvalidRequestException(field, "must be an AWS region such as us-east-1");
    }
    if (!KNOWN.contains(region)) {
      out.warning(
          field
              + " '"
              + region
              + "' is not a region this AWS SDK knows: a typo, or a region newer than the SDK;"
              + " calls will go to the endpoints derived from it");
    }
    return region;
  }
}
