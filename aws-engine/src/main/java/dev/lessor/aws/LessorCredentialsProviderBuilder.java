package dev.lessor.aws;

import dev.lessor.InvalidRequestException;
import dev.lessor.Lessor;
import dev.lessor.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Builds a {@link LessorCredentialsProvider}. Each setter checks its value at once and throws
 * {@link InvalidRequestException} naming the setting and the rule; {@link #build()} checks that
 * {@code lessor} and {@code path} were given. Not thread-safe; what it builds is.
 */
public final class LessorCredentialsProviderBuilder {
  private Lessor lessor;
  private String path;
  private final Map<String, Object> request = new LinkedHashMap<>();
  private Clock clock;
  private Scheduler scheduler;
  private Executor executor;
  private double prefetchFraction = 0.2;
  private Duration prefetchMinimum = Duration.ofMinutes(1);
  private double prefetchJitter = 0.1;
  private Duration overlap = Duration.ofMinutes(1);
  private Duration maxCallerWait = Duration.ofSeconds(30);
  private Duration retryBackoff = Duration.ofSeconds(1);
  private Duration maxRetryBackoff = Duration.ofSeconds(30);
  private CredentialListener listener;
  private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

  LessorCredentialsProviderBuilder() {}

  LessorCredentialsProviderBuilder(ProviderSettings s) {
    lessor = s.lessor();
    path = s.path();
    request.putAll(s.request());
    clock = s.clock();
    scheduler = s.scheduler();
    executor = s.executor();
    prefetchFraction = s.prefetchFraction();
    prefetchMinimum = s.prefetchMinimum();
    prefetchJitter = s.prefetchJitter();
    overlap = s.overlap();
    maxCallerWait = s.maxCallerWait();
    retryBackoff = s.retryBackoff();
    maxRetryBackoff = s.maxRetryBackoff();
    listener = s.listener();
    random = s.random();
  }

  /** The Lessor to read credentials from. Required. */
  public LessorCredentialsProviderBuilder lessor(Lessor lessor) {
    this.lessor = Objects.requireNonNull(lessor, "lessor");
    return this;
  }

  /** The path to read, such as {@code aws/creds/my-role} or {@code aws/sts/deploy}. Required. */
  public LessorCredentialsProviderBuilder path(String path) {
    Objects.requireNonNull(path, "path");
    if (path.isBlank() || path.startsWith("/") || path.endsWith("/") || !path.contains("/")) {
      throw new InvalidRequestException(
          "path", "must be a credentials path such as aws/creds/my-role, was '" + path + "'");
    }
    this.path = path;
    return this;
  }

  /** The {@code ttl} to ask for with each credential. Default: the role's. */
  public LessorCredentialsProviderBuilder ttl(Duration ttl) {
    request.put("ttl", positive("ttl", ttl));
    return this;
  }

  /** The {@code role_arn} to assume ({@code assumed_role} roles that allow several). */
  public LessorCredentialsProviderBuilder roleArn(String roleArn) {
    Objects.requireNonNull(roleArn, "roleArn");
    if (!roleArn.startsWith("arn:")) {
      throw new InvalidRequestException(
          "role_arn", "must be an ARN (arn:...), was '" + roleArn + "'");
    }
    request.put("role_arn", roleArn);
    return this;
  }

  /** The {@code role_session_name} of STS credentials. Default: from the engine's template. */
  public LessorCredentialsProviderBuilder roleSessionName(String name) {
    request.put("role_session_name", notBlank("role_session_name", name));
    return this;
  }

  /** The {@code display_name} that goes into user and session names. */
  public LessorCredentialsProviderBuilder displayName(String name) {
    request.put("display_name", notBlank("display_name", name));
    return this;
  }

  /**
   * The clock that lease times are compared with. Default: the Lessor's own ({@link
   * dev.lessor.Lessor#clock()}), which is what it should be.
   */
  public LessorCredentialsProviderBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * The scheduler for refreshes, retries and revocations after the overlap; its thread only hands
   * the work to the {@link #executor}. Default: one daemon thread of the provider's own, stopped
   * when it closes.
   */
  public LessorCredentialsProviderBuilder scheduler(Scheduler scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    return this;
  }

  /**
   * Where the refresh work runs (the Lessor calls, which do I/O). Default: daemon threads of the
   * provider's own. {@code Runnable::run} runs it on the scheduler's or the caller's thread, which
   * tests with a manual scheduler want.
   */
  public LessorCredentialsProviderBuilder executor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /** The part of a credential's life still left when its refresh starts. Default 0.2. */
  public LessorCredentialsProviderBuilder prefetchFraction(double fraction) {
    if (!(fraction > 0 && fraction <= 0.5)) {
      throw new InvalidRequestException(
          "prefetchFraction", "must be over 0 and at most 0.5, was " + fraction);
    }
    this.prefetchFraction = fraction;
    return this;
  }

  /**
   * The least time left when a refresh starts (but at most half the credential's life). Default 1
   * minute: room for a new IAM key to start working, and for retries.
   */
  public LessorCredentialsProviderBuilder prefetchMinimum(Duration minimum) {
    this.prefetchMinimum = notNegative("prefetchMinimum", minimum);
    return this;
  }

  /** Up to this part of the lead again, at random, the refresh starts earlier. Default 0.1. */
  public LessorCredentialsProviderBuilder prefetchJitter(double jitter) {
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new InvalidRequestException("prefetchJitter", "must be from 0 to 1, was " + jitter);
    }
    this.prefetchJitter = jitter;
    return this;
  }

  /**
   * How long a previous credential lives on after the switch, so that requests already signed with
   * it finish. Default 1 minute.
   */
  public LessorCredentialsProviderBuilder overlap(Duration overlap) {
    this.overlap = notNegative("overlap", overlap);
    return this;
  }

  /** The longest a caller waits for a credential when none is ready. Default 30 seconds. */
  public LessorCredentialsProviderBuilder maxCallerWait(Duration wait) {
    this.maxCallerWait = positive("maxCallerWait", wait);
    return this;
  }

  /**
   * The pause after a failed refresh, doubling with each failure in a row up to {@code max}.
   * Default 1 second to 30 seconds.
   */
  public LessorCredentialsProviderBuilder retryBackoff(Duration initial, Duration max) {
    positive("retryBackoff", initial);
    positive("maxRetryBackoff", max);
    if (max.compareTo(initial) < 0) {
      throw new InvalidRequestException(
          "maxRetryBackoff", "must be at least retryBackoff (" + initial + "), was " + max);
    }
    this.retryBackoff = initial;
    this.maxRetryBackoff = max;
    return this;
  }

  /** Receives the provider's events; see {@link CredentialListener} for the calling thread. */
  public LessorCredentialsProviderBuilder listener(CredentialListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /** For tests: the source of jitter, numbers from 0 (inclusive) to 1. */
  LessorCredentialsProviderBuilder random(DoubleSupplier random) {
    this.random = Objects.requireNonNull(random, "random");
    return this;
  }

  /**
   * A provider with these settings. It mints nothing yet: the first {@code resolveCredentials}
   * does, or {@link LessorCredentialsProvider#prefetch()}.
   *
   * @throws InvalidRequestException if {@code lessor} or {@code path} is missing
   */
  public LessorCredentialsProvider build() {
    if (lessor == null) {
      throw new InvalidRequestException("lessor", "is required");
    }
    if (path == null) {
      throw new InvalidRequestException("path", "is required, such as aws/creds/my-role");
    }
    return new LessorCredentialsProvider(toSettings());
  }

  /** The settings as they stand; {@code lessor} and {@code path} checked by {@link #build()}. */
  ProviderSettings toSettings() {
    return new ProviderSettings(
        lessor,
        path,
        request,
        clock != null ? clock : lessor.clock(),
        scheduler,
        executor,
        prefetchFraction,
        prefetchMinimum,
        prefetchJitter,
        overlap,
        maxCallerWait,
        retryBackoff,
        maxRetryBackoff,
        listener,
        random);
  }

  private static Duration positive(String field, Duration d) {
    Objects.requireNonNull(d, field);
    if (d.isNegative() || d.isZero()) {
      throw new InvalidRequestException(field, "must be positive, was " + d);
    }
    return d;
  }

  private static Duration notNegative(String field, Duration d) {
    Objects.requireNonNull(d, field);
    if (d.isNegative()) {
      throw new InvalidRequestException(field, "must not be negative, was " + d);
    }
    return d;
  }

  private static String notBlank(String field, String s) {
    Objects.requireNonNull(s, field);
    if (s.isBlank()) {
      throw new InvalidRequestException(field, "must not be blank");
    }
    return s;
  }
}
