package dev.lessor.aws;

import dev.lessor.InvalidRequestException;
import dev.lessor.Response;
import dev.lessor.SecretValue;
import dev.lessor.engine.Request;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code config/root} and {@code config/lease}. A write replaces the whole config, after every
 * field was checked, so a rejected write changes nothing. Thread-safe.
 */
final class ConfigHandlers {
  static final Set<String> ROOT_FIELDS =
      Set.of(
          "access_key",
          "secret_key",
          "region",
          "iam_endpoint",
          "sts_endpoint",
          "max_retries",
          "username_template",
          "iam_rate_limit",
          "wait_ready_timeout",
          "sts_region",
          "sts_fallback_endpoints",
          "sts_fallback_regions",
          "rotation_period",
          "rotation_schedule",
          "rotation_window",
          "disable_automated_rotation");
  static final Set<String> LEASE_FIELDS = Set.of("lease", "lease_max");

  private final MountState state;
  private final RootRotationStore rotations;
  private final ScheduledRootRotation scheduled;

  ConfigHandlers(MountState state, RootRotationStore rotations, ScheduledRootRotation scheduled) {
    this.state = state;
    this.rotations = rotations;
    this.scheduled = scheduled;
  }

  Response readRoot(Request request) {
    Fields.requireKnown(request, Set.of());
    Map<String, Object> out = new LinkedHashMap<>(state.rootConfig().publicData());
    out.putAll(rotations.settings().publicData());
    return Response.of(out);
  }

  Response writeRoot(Request request) {
    Fields.requireKnown(request, ROOT_FIELDS);
    String accessKey = request.string("access_key").filter(s -> !s.isBlank()).orElse(null);
    SecretValue secretKey =
        request.string("secret_key").filter(s -> !s.isBlank()).map(SecretValue::of).orElse(null);
    if (accessKey != null && secretKey == null) {
      throw new InvalidRequestException("secret_key", "is required with access_key");
    }
    if (accessKey == null && secretKey != null) {
      throw new InvalidRequestException("access_key", "is required with secret_key");
    }
    if (accessKey != null && !accessKey.matches("\\w{16,128}")) {
      throw new InvalidRequestException("access_key", "must be an AWS access key id");
    }
    Response.Builder out = Response.builder();
    String region = Regions.optional(request, "region", out);
    int maxRetries = request.integer("max_retries").orElse(-1);
    if (maxRetries < -1 || maxRetries > 50) {
      throw new InvalidRequestException("max_retries", "must be -1 (SDK default) to 50");
    }
    String template = request.string("username_template").orElse(UsernameTemplate.DEFAULT);
    UsernameTemplate.parse(template);
    Duration waitReady =
        request.duration("wait_ready_timeout").orElse(RootConfig.DEFAULT_WAIT_READY_TIMEOUT);
    if (waitReady.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new InvalidRequestException("wait_ready_timeout", "must be at most 10m");
    }
    RootRotationSettings rotation = RootRotationSettings.parse(request, accessKey != null);
    RootConfig config =
        new RootConfig(
            accessKey,
            secretKey,
            region,
            endpoint(request, "iam_endpoint"),
            endpoint(request, "sts_endpoint"),
            maxRetries,
            template,
            rate(request),
            waitReady,
            StsRouting.parse(request, out));
    state.putRootConfig(config);
    scheduled.apply(rotation);
    return out.build();
  }

  private static URI endpoint(Request request, String field) {
    return request
        .string(field)
        .filter(s -> !s.isBlank())
        .map(t -> endpoint(field, t))
        .orElse(null);
  }

  /** {@code text} as an http or https URL with a host, or an error naming {@code field}. */
  static URI endpoint(String field, String text) {
    try {
      URI uri = new URI(text.trim());
      if (uri.getHost() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new URISyntaxException(text, "not an http(s) URL with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new InvalidRequestException(field, "must be an http or https URL with a host");
    }
  }

  private static double rate(Request request) {
    String text = request.string("iam_rate_limit").orElse("0");
    double rate;
    try {
      rate = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("iam_rate_limit", "must be a number of calls a second");
    }
    if (!(rate >= 0) || rate > 10_000) {
      throw new InvalidRequestException("iam_rate_limit", "must be 0 (off) to 10000 a second");
    }
    return rate;
  }

  Response readLease(Request request) {
    Fields.requireKnown(request, Set.of());
    return Response.of(state.leaseConfig().publicData());
  }

  Response writeLease(Request request) {
    Fields.requireKnown(request, LEASE_FIELDS);
    Duration lease =
        request
            .duration("lease")
            .orElseThrow(() -> new InvalidRequestException("lease", "is required"));
    Duration max =
        request
            .duration("lease_max")
            .orElseThrow(() -> new InvalidRequestException("lease_max", "is required"));
    if (!max.isZero() && lease.compareTo(max) > 0) {
      throw new InvalidRequestException("lease", "must not exceed lease_max");
    }
    state.putLeaseConfig(new LeaseConfig(lease, max));
    return Response.empty();
  }
}
