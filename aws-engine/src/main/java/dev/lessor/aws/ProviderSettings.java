package dev.lessor.aws;

import dev.lessor.Lessor;
import dev.lessor.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;

/**
 * What a {@link LessorCredentialsProviderBuilder} built: every setting of a provider, checked.
 * Immutable. {@code scheduler} and {@code executor} are null when the provider makes its own.
 */
record ProviderSettings(
    Lessor lessor,
    String path,
    Map<String, Object> request,
    Clock clock,
    Scheduler scheduler,
    Executor executor,
    double prefetchFraction,
    Duration prefetchMinimum,
    double prefetchJitter,
    Duration overlap,
    Duration maxCallerWait,
    Duration retryBackoff,
    Duration maxRetryBackoff,
    CredentialListener listener,
    DoubleSupplier random) {

  ProviderSettings {
    request = Map.copyOf(request);
  }

  /** {@code Lessor(path)}: how the credentials and the provider name themselves. */
  String providerName() {
    return "Lessor(" + path + ")";
  }
}
