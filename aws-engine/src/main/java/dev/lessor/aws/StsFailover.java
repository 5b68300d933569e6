package dev.lessor.aws;

import dev.lessor.LessorException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Calls STS at the primary endpoint and, when it cannot answer, at the fallback endpoints of {@code
 * sts_fallback_endpoints} in order. "Cannot answer" is a connection error (refused, reset, timed
 * out) or a 5xx, after the SDK's own retries of that endpoint; a 4xx (AccessDenied, a validation
 * error, throttling) is STS's answer and is returned as it is, without trying further. Minting STS
 * credentials again at another endpoint is harmless: a session that may have been issued at a
 * failing endpoint needs no cleanup, as nothing can end it early anyway. Thread-safe.
 */
final class StsFailover {
  private static final Logger log = LoggerFactory.getLogger(StsFailover.class);

  /** One STS client with a name for messages: its endpoint and region, never a credential. */
  record Endpoint(String name, StsClient client) {}

  private final List<Endpoint> endpoints;

  StsFailover(List<Endpoint> endpoints) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("at least the primary STS endpoint");
    }
    this.endpoints = List.copyOf(endpoints);
  }

  /**
   * {@code call} on the first endpoint that answers.
   *
   * @param what what is being done, for the error, such as {@code "AssumeRole ... for lease ..."}
   * @throws LessorException the translated error of the last endpoint tried, naming the endpoints
   *     that failed before it
   */
  <T> T call(String what, Function<StsClient, T> call) {
    List<String> failed = new ArrayList<>();
    for (int i = 0; ; i++) {
      Endpoint endpoint = endpoints.get(i);
      try {
        return call.apply(endpoint.client());
      } catch (SdkException e) {
        boolean last = i == endpoints.size() - 1;
        if (last || !endpointDown(e)) {
          String context = failed.isEmpty() ? what : what + " (after " + failed + ")";
          throw AwsErrors.translate(context, e);
        }
        failed.add(endpoint.name() + ": " + AwsErrors.code(e));
        log.warn(
            "{} failed at STS endpoint {} ({}); trying the next one, {}",
            what,
            endpoint.name(),
            AwsErrors.code(e),
            endpoints.get(i + 1).name());
      }
    }
  }

  /** Whether {@code e} says the endpoint could not answer, rather than that STS refused. */
  static boolean endpointDown(SdkException e) {
    if (e instanceof AwsServiceException service) {
      return service.statusCode() >= 500;
    }
    if (!(e instanceof SdkClientException) || Thread.currentThread().isInterrupted()) {
      return false;
    }
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof InterruptedIOException && !(c instanceof java.net.SocketTimeoutException)) {
        return false; // interrupted, not down
      }
      if (c instanceof IOException) {
        return true;
      }
    }
    return false;
  }
}
