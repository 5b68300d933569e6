package dev.lessor.aws;

import dev.lessor.LessorException;
import dev.lessor.Scheduler;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * AWS SDK credentials from a Lessor path, rotated ahead of expiry: give it to any SDK client and
 * build the client once.
 *
 * <pre>{@code
 * try (LessorCredentialsProvider credentials = LessorCredentialsProvider.builder()
 *         .lessor(lessor)
 *         .path("aws/creds/my-role")
 *         .ttl(Duration.ofHours(1))
 *         .build();
 *     S3Client s3 = S3Client.builder().credentialsProvider(credentials).build()) {
 *   s3.listBuckets();   // signed with a key that works, whatever the time
 * }
 * }</pre>
 *
 * <p>IAM user roles give {@link AwsBasicCredentials}; STS roles give {@link AwsSessionCredentials}
 * with the session token and the lease's expiry as {@code expirationTime}. Both name the provider
 * {@code Lessor(<path>)}.
 *
 * <p><b>Rotation.</b> The first call mints a credential (or {@link #prefetch()} does it early). A
 * new one is fetched in the background when about a fifth of the current one's life is left (see
 * {@link LessorCredentialsProviderBuilder#prefetchFraction}): the lease is renewed when it is
 * renewable and renewal still gains time, and a new credential is minted otherwise. A new IAM user
 * key is handed out only once STS accepts it (the engine's {@code wait_ready} check); STS
 * credentials at once. The previous lease is revoked after the {@link
 * LessorCredentialsProviderBuilder#overlap overlap}, so that requests already signed with it
 * finish; the provider never holds more than two live leases. A lease revoked from outside or
 * expired makes the next call mint at once.
 *
 * <p><b>Failures.</b> A failed refresh keeps the current credential in use while it is valid and is
 * retried with backoff. A caller gets an expired credential never: without a valid one it waits for
 * a mint, at most {@link LessorCredentialsProviderBuilder#maxCallerWait}, and then gets a {@link
 * LessorException} saying why. The {@link CredentialListener} hears of each mint, switch, renewal,
 * revocation and failure.
 *
 * <p>Thread-safe. The SDK's calls read a cached credential with no lock and no allocation. Closing
 * revokes the provider's leases ({@link #close()} after the overlap, {@link #closeNow()} at once)
 * and stops its threads; it must be closed, like the clients that use it.
 */
public final class LessorCredentialsProvider implements AwsCredentialsProvider, SdkAutoCloseable {
  private final ProviderSettings settings;
  private final Clock clock;
  private final CredentialRotation rotation;
  private final long maxWaitNanos;

  LessorCredentialsProvider(ProviderSettings settings) {
    this.settings = settings;
    this.clock = settings.clock();
    this.maxWaitNanos = settings.maxCallerWait().toNanos();
    ScheduledThreadPoolExecutor ownScheduler = null;
    ExecutorService ownExecutor = null;
    Scheduler scheduler = settings.scheduler();
    if (scheduler == null) {
      // Threads start with the first task, not here.
      ownScheduler = new ScheduledThreadPoolExecutor(1, daemons("lessor-credentials-scheduler"));
      ownScheduler.setRemoveOnCancelPolicy(true);
      ownScheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      scheduler = Scheduler.of(ownScheduler);
    }
    Executor executor = settings.executor();
    if (executor == null) {
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              2,
              2,
              1,
              TimeUnit.MINUTES,
              new LinkedBlockingQueue<>(),
              daemons("lessor-credentials"));
      pool.allowCoreThreadTimeOut(true);
      ownExecutor = pool;
      executor = pool;
    }
    ScheduledThreadPoolExecutor s = ownScheduler;
    ExecutorService e = ownExecutor;
    this.rotation =
        new CredentialRotation(
            settings,
            scheduler,
            executor,
            () -> {
              if (s != null) {
                s.shutdown();
              }
              if (e != null) {
                e.shutdown();
              }
            });
    settings.lessor().leases().addListener(rotation);
  }

  /** A builder; {@code lessor} and {@code path} are required. */
  public static LessorCredentialsProviderBuilder builder() {
    return new LessorCredentialsProviderBuilder();
  }

  /** A builder with this provider's settings, for another provider. */
  public LessorCredentialsProviderBuilder toBuilder() {
    return new LessorCredentialsProviderBuilder(settings);
  }

  /**
   * A credential that is valid now. Returns the cached one without blocking while it is; otherwise
   * waits for a mint, at most the configured {@code maxCallerWait}.
   *
   * @throws LessorException (retryable) if no valid credential could be had in time; the message
   *     says why
   * @throws IllegalStateException if the provider is closed
   */
  @Override
  public AwsCredentials resolveCredentials() {
    HeldCredential held = rotation.current();
    if (held != null && clock.millis() < held.staleAtMillis()) {
      return held.credentials();
    }
    return await(rotation.request()).credentials();
  }

  private HeldCredential await(CompletableFuture<HeldCredential> future) {
    try {
      return future.get(maxWaitNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new LessorException(
          "no credential for "
              + settings.path()
              + " within "
              + settings.maxCallerWait()
              + " (maxCallerWait): minting one is still under way",
          null,
          true);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IllegalStateException closed) {
        throw new IllegalStateException(closed.getMessage(), closed);
      }
      throw rotation.noCredential(rotation.current(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LessorException(
          "interrupted waiting for a credential for " + settings.path(), e, true);
    }
  }

  /**
   * Starts minting the first credential in the background, if none is held or being minted, so that
   * the first SDK call does not wait for it (for IAM users, for the new key to work). Returns at
   * once; a failure is retried as any refresh.
   *
   * @throws IllegalStateException if the provider is closed
   */
  public void prefetch() {
    try {
      rotation.request();
    } catch (LessorException e) {
      // a recent failure: the retry is scheduled already
    }
  }

  /** {@code Lessor(<path>)}, as the credentials name their provider. */
  public String providerName() {
    return settings.providerName();
  }

  /** The path the credentials are read from. */
  public String path() {
    return settings.path();
  }

  /** The ids of the live leases this provider holds: the current one, then those in overlap. */
  public List<String> leaseIds() {
    return rotation.liveLeases();
  }

  /**
   * Stops refreshing and revokes the provider's leases once the overlap has passed (requests signed
   * just before still finish), then stops its threads. Returns at once. Calling it again does
   * nothing; a closed provider throws {@link IllegalStateException} on use.
   */
  @Override
  public void close() {
    settings.lessor().leases().removeListener(rotation);
    rotation.close(false);
  }

  /**
   * Stops refreshing and revokes every lease of the provider now, on this thread, then stops its
   * threads. May follow {@link #close()}, to end the overlap early.
   */
  public void closeNow() {
    settings.lessor().leases().removeListener(rotation);
    rotation.close(true);
  }

  /** Names the path and the lease in use; never a key. */
  @Override
  public String toString() {
    HeldCredential held = rotation.current();
    return "LessorCredentialsProvider{path="
        + settings.path()
        + ", lease="
        + (held == null ? "none" : held.id())
        + "}";
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
