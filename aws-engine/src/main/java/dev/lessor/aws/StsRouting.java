package dev.lessor.aws;

import dev.lessor.InvalidRequestException;
import dev.lessor.Response;
import dev.lessor.engine.Request;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Where the mount's STS calls go, beyond {@code sts_endpoint}: {@code sts_region} (the region of
 * the primary STS client; {@code region} when null) and the ordered fallbacks, each an endpoint
 * with its region, tried in order when the endpoint before fails with a connection error or a 5xx
 * (see {@link StsFailover}). Part of {@link RootConfig}; immutable and thread-safe.
 *
 * @param region the primary STS client's region, or null for the config's {@code region}
 * @param fallbackEndpoints the fallback endpoints, in the order they are tried
 * @param fallbackRegions the region of each fallback endpoint, as many as endpoints
 */
record StsRouting(String region, List<URI> fallbackEndpoints, List<String> fallbackRegions) {
  static final StsRouting NONE = new StsRouting(null, List.of(), List.of());

  StsRouting {
    fallbackEndpoints = List.copyOf(fallbackEndpoints);
    fallbackRegions = List.copyOf(fallbackRegions);
    if (fallbackEndpoints.size() != fallbackRegions.size()) {
      throw new IllegalArgumentException("one fallback region per fallback endpoint");
    }
  }

  /**
   * The routing a {@code config/root} WRITE asks for; warnings for regions the SDK does not know go
   * to {@code out}.
   *
   * @throws InvalidRequestException naming the field, or both list fields when their lengths differ
   */
  static StsRouting parse(Request request, Response.Builder out) {
    String region = Regions.optional(request, "sts_region", out);
    List<String> endpointTexts = request.stringList("sts_fallback_endpoints");
    List<String> regions = request.stringList("sts_fallback_regions");
    if (endpointTexts.size() != regions.size()) {
      throw new InvalidRequestException(
          "sts_fallback_regions",
          "must name one region per entry of sts_fallback_endpoints, in the same order ("
              + endpointTexts.size()
              + " endpoints, "
              + regions.size()
              + " regions)");
    }
    List<URI> endpoints = new ArrayList<>();
    for (String text : endpointTexts) {
      endpoints.add(ConfigHandlers.endpoint("sts_fallback_endpoints", text));
    }
    regions.forEach(r -> Regions.check("sts_fallback_regions", r, out));
    return new StsRouting(region, endpoints, regions);
  }

  /** The fields of {@code config/root} READ (and of the stored form). */
  Map<String, Object> publicData() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("sts_region", region);
    out.put("sts_fallback_endpoints", fallbackEndpoints.stream().map(URI::toString).toList());
    out.put("sts_fallback_regions", fallbackRegions);
    return out;
  }

  static StsRouting decode(JsonNode node) {
    return new StsRouting(
        Json.string(node, "sts_region"),
        Json.list(node, "sts_fallback_endpoints").stream().map(URI::create).toList(),
        Json.list(node, "sts_fallback_regions"));
  }
}
