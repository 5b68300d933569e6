package dev.lessor;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret whose lease ends with the block that uses it: {@link #close()} revokes the lease.
 *
 * <pre>{@code
 * try (LeasedSecret s = lessor.lease("aws/creds/deploy", Map.of("ttl", "15m"))) {
 *   upload(s.string("access_key"), s.secret("secret_key"));
 * } // the IAM user is deleted here
 * }</pre>
 *
 * <p>Closing never throws for a failed revocation: the lease stays in the store, and the revocation
 * loop retries it with backoff as it does for any lease, so a provider outage does not turn the
 * caller's {@code finally} into an error. A lease that was revoked or expired meanwhile is reported
 * by {@link #isLive()}.
 *
 * <p>Thread-safe: the data is immutable, and {@link #close()} revokes once however many threads
 * call it.
 */
public final class LeasedSecret implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeasedSecret.class);

  private final Map<String, Object> data;
  private final LeaseManager leases;
  private final AtomicReference<Lease> lease;
  private final AtomicBoolean closed = new AtomicBoolean();

  LeasedSecret(Response response, LeaseManager leases) {
    this.data = response.data();
    this.leases = leases;
    this.lease = new AtomicReference<>(response.lease().orElseThrow());
  }

  /**
   * The value of {@code key} as a string, revealing a {@link SecretValue}; {@code null} when the
   * value is null (an IAM user's {@code security_token}, for instance).
   *
   * @throws IllegalArgumentException if the secret has no such key; the message lists the keys
   */
  public String string(String key) {
    Object value = require(key);
    if (value == null) {
      return null;
    }
    return value instanceof SecretValue secret ? secret.reveal() : String.valueOf(value);
  }

  /**
   * The value of {@code key} as a {@link SecretValue}, which prints as {@code ***}; a plain value
   * is wrapped, a null value gives {@code null}.
   *
   * @throws IllegalArgumentException if the secret has no such key; the message lists the keys
   */
  public SecretValue secret(String key) {
    Object value = require(key);
    if (value == null || value instanceof SecretValue) {
      return (SecretValue) value;
    }
    return SecretValue.of(String.valueOf(value));
  }

  /** Every value, in the order the engine gave them; secrets are {@link SecretValue}s. */
  public Map<String, Object> data() {
    return data;
  }

  /** The lease as issued, or as last renewed through {@link #renew}. */
  public Lease lease() {
    return lease.get();
  }

  /**
   * Whether the lease is still active and unexpired in the store: false once it was revoked (here,
   * by an operator, by another instance) or has expired.
   */
  public boolean isLive() {
    return leases
        .lookup(lease.get().id())
        .map(l -> l.state() == LeaseState.ACTIVE && l.ttl().compareTo(Duration.ZERO) > 0)
        .orElse(false);
  }

  /**
   * Renews the lease by {@code increment} from now, capped at its max TTL.
   *
   * @throws IllegalStateException if this secret was closed
   * @see LeaseManager#renew(String, Duration)
   */
  public Lease renew(Duration increment) {
    Objects.requireNonNull(increment, "increment");
    if (closed.get()) {
      throw new IllegalStateException("lease " + lease.get().id() + " was closed; cannot renew");
    }
    Lease renewed = leases.renew(lease.get().id(), increment);
    lease.set(renewed);
    return renewed;
  }

  /** Renews the lease by the engine's default TTL. */
  public Lease renew() {
    return renew(Duration.ZERO);
  }

  /**
   * Revokes the lease. Calling it again does nothing. A revocation that fails is retried in the
   * background, with the lease kept until it succeeds; it is logged, not thrown.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    String id = lease.get().id();
    try {
      leases.revoke(id);
    } catch (NotFoundException gone) {
      log.debug("lease {} was gone already when its secret was closed", id);
    } catch (LessorException e) {
      log.debug(
          "lease {} could not be revoked at close; its revocation is retried: {}",
          id,
          e.getMessage());
    }
  }

  private Object require(String key) {
    Objects.requireNonNull(key, "key");
    if (!data.containsKey(key)) {
      throw new IllegalArgumentException(
          "the secret of lease "
              + lease.get().id()
              + " has no '"
              + key
              + "'; it has "
              + data.keySet());
    }
    return data.get(key);
  }

  /** Names the lease and the keys; never a value. */
  @Override
  public String toString() {
    return "LeasedSecret{lease=" + lease.get().id() + ", keys=" + data.keySet() + "}";
  }
}
