package dev.lessor.spring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code lessor.*} properties: the Lessor's lease settings, its mounts, the credentials
 * providers and the health indicator. The store is configured under {@code lessor.store} ({@link
 * LessorStoreProperties}). An unset setting keeps the library's default, so that the defaults live
 * in one place ({@link dev.lessor.LessorBuilder}). Bound once at startup; not thread-safe, like any
 * properties bean.
 */
@ConfigurationProperties("lessor")
public class LessorProperties {
  /** TTL of a lease whose engine or role asks for none; at most max-lease-ttl. Default 768h. */
  private Duration defaultLeaseTtl;

  /** The most a lease may live, renewals included, from its issue time. Default 768h. */
  private Duration maxLeaseTtl;

  /** How many revocations may run at once, from 1 to 10000. Default 16. */
  private Integer revocationConcurrency;

  /**
   * The most revocations the automatic loop starts per second, to stay within the provider's rate
   * limits after a mass expiry or a restart. Default: no limit.
   */
  private Double revocationRateLimit;

  /** How long a lease may stay pending before it counts as left by a crash. Default 10m. */
  private Duration pendingTimeout;

  /** How long an instance owns a due lease it claimed. Default 5m. */
  private Duration claimTimeout;

  /** The longest time between two looks at the lease store. Default 10s. */
  private Duration pollInterval;

  /** How long a due lease whose mount is not mounted waits before it is looked at again. 30s. */
  private Duration mountWait;

  /** How long closing waits for requests in flight and the revocations it does. Default 30s. */
  private Duration closeTimeout;

  /** How failed revocations are retried. */
  private final Retry retry = new Retry();

  /** Secrets engines to mount, by name; the name is the mount path unless path is set. */
  private final Map<String, MountProperties> mounts = new LinkedHashMap<>();

  /** AWS SDK credentials providers, registered as beans. */
  private final Aws aws = new Aws();

  /** The Actuator health indicator. */
  private final Health health = new Health();

  /** {@code lessor.retry.*}: unset fields keep {@link dev.lessor.RetryPolicy#defaults()}. */
  public static class Retry {
    /** Attempts before a lease becomes irrevocable, at least 1. Default 6. */
    private Integer maxAttempts;

    /** The backoff unit: attempt n waits base * 2^n. Default 10s. */
    private Duration base;

    /** The longest single wait between attempts, at least base. Default 1h. */
    private Duration maxBackoff;

    /** The random spread as a fraction of the wait, from 0 to 1. Default 0.5. */
    private Double jitter;

    /** How often irrevocable leases are tried again. Default 1d. */
    private Duration irrevocableRetryPeriod;

    public Integer getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getBase() {
      return base;
    }

    public void setBase(Duration base) {
      this.base = base;
    }

    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }

    public Double getJitter() {
      return jitter;
    }

    public void setJitter(Double jitter) {
      this.jitter = jitter;
    }

    public Duration getIrrevocableRetryPeriod() {
      return irrevocableRetryPeriod;
    }

    public void setIrrevocableRetryPeriod(Duration irrevocableRetryPeriod) {
      this.irrevocableRetryPeriod = irrevocableRetryPeriod;
    }
  }

  /** {@code lessor.aws.*}. */
  public static class Aws {
    /**
     * Credentials providers by bean name: each registers a LessorCredentialsProvider bean (an AWS
     * SDK AwsCredentialsProvider) reading from its path.
     */
    private final Map<String, CredentialsProperties> credentials = new LinkedHashMap<>();

    public Map<String, CredentialsProperties> getCredentials() {
      return credentials;
    }
  }

  /** {@code lessor.health.*}. */
  public static class Health {
    /**
     * The status reported while irrevocable leases exist (DOWN, OUT_OF_SERVICE, UP or a status of
     * the application's own). Default DOWN.
     */
    private String irrevocableStatus = "DOWN";

    /** How old the lease counts read from the store may be. Default 10s. */
    private Duration maxAge = Duration.ofSeconds(10);

    public String getIrrevocableStatus() {
      return irrevocableStatus;
    }

    public void setIrrevocableStatus(String irrevocableStatus) {
      this.irrevocableStatus = irrevocableStatus;
    }

    public Duration getMaxAge() {
      return maxAge;
    }

    public void setMaxAge(Duration maxAge) {
      this.maxAge = maxAge;
    }
  }

  public Duration getDefaultLeaseTtl() {
    return defaultLeaseTtl;
  }

  public void setDefaultLeaseTtl(Duration defaultLeaseTtl) {
    this.defaultLeaseTtl = defaultLeaseTtl;
  }

  public Duration getMaxLeaseTtl() {
    return maxLeaseTtl;
  }

  public void setMaxLeaseTtl(Duration maxLeaseTtl) {
    this.maxLeaseTtl = maxLeaseTtl;
  }

  public Integer getRevocationConcurrency() {
    return revocationConcurrency;
  }

  public void setRevocationConcurrency(Integer revocationConcurrency) {
    this.revocationConcurrency = revocationConcurrency;
  }

  public Double getRevocationRateLimit() {
    return revocationRateLimit;
  }

  public void setRevocationRateLimit(Double revocationRateLimit) {
    this.revocationRateLimit = revocationRateLimit;
  }

  public Duration getPendingTimeout() {
    return pendingTimeout;
  }

  public void setPendingTimeout(Duration pendingTimeout) {
    this.pendingTimeout = pendingTimeout;
  }

  public Duration getClaimTimeout() {
    return claimTimeout;
  }

  public void setClaimTimeout(Duration claimTimeout) {
    this.claimTimeout = claimTimeout;
  }

  public Duration getPollInterval() {
    return pollInterval;
  }

  public void setPollInterval(Duration pollInterval) {
    this.pollInterval = pollInterval;
  }

  public Duration getMountWait() {
    return mountWait;
  }

  public void setMountWait(Duration mountWait) {
    this.mountWait = mountWait;
  }

  public Duration getCloseTimeout() {
    return closeTimeout;
  }

  public void setCloseTimeout(Duration closeTimeout) {
    this.closeTimeout = closeTimeout;
  }

  public Retry getRetry() {
    return retry;
  }

  public Map<String, MountProperties> getMounts() {
    return mounts;
  }

  public Aws getAws() {
    return aws;
  }

  public Health getHealth() {
    return health;
  }
}
