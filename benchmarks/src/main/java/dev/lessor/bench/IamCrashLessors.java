package dev.lessor.bench;

import dev.lessor.Lessor;
import dev.lessor.RetryPolicy;
import dev.lessor.aws.AwsSecretsEngine;
import dev.lessor.jdbc.JdbcStores;
import dev.lessor.testing.LocalIam;
import java.time.Duration;
import java.util.Map;

/**
 * The Lessor of the IAM crash loop, the same in every child and in the parent's final drain: short
 * times, so that leases expire, time out pending and lose their claims many times during the loop.
 * Stateless, so thread-safe.
 */
final class IamCrashLessors {
  /** The mount of the AWS engine. */
  static final String MOUNT = "aws/";

  /** The path every minting thread reads. */
  static final String CREDS = "aws/creds/r";

  /** The TTL of every credential. */
  static final Duration TTL = Duration.ofSeconds(3);

  /** How long a lease may stay pending (longer than the slowest mint under load). */
  static final Duration PENDING_TIMEOUT = Duration.ofSeconds(3);

  /** How long a claim of a killed child blocks its lease (claims of live ones are extended). */
  static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(2);

  /** How long a lease claimed before the child mounted the engine waits. */
  static final Duration MOUNT_WAIT = Duration.ofSeconds(1);

  private IamCrashLessors() {}

  /**
   * The revocation concurrency of every Lessor of the loop: Lessor's default. More threads do not
   * revoke faster on the embedded store (they queue for its connections and its single writer).
   */
  static final int REVOCATION_CONCURRENCY = 16;

  /** A Lessor on {@code stores} with the loop's times; the caller mounts the engine. */
  static Lessor build(JdbcStores stores) {
    return Lessor.builder()
        .revocationConcurrency(REVOCATION_CONCURRENCY)
        .leaseStore(stores.leaseStore())
        .storage(stores.storage())
        .pendingTimeout(PENDING_TIMEOUT)
        .claimTimeout(CLAIM_TIMEOUT)
        .mountWait(MOUNT_WAIT)
        .pollInterval(Duration.ofSeconds(1))
        // short backoffs: a failed revocation must not wait out the loop's bound
        .retryPolicy(
            new RetryPolicy(
                6, Duration.ofMillis(250), Duration.ofSeconds(2), 0.5, Duration.ofMinutes(1)))
        .closeTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** Mounts the AWS engine on {@code lessor}; its configuration comes from the store. */
  static void mount(Lessor lessor) {
    lessor.mount(MOUNT, new AwsSecretsEngine());
  }

  /** Writes the root credentials of {@code iam} and the role {@code r} (once, in the parent). */
  static void configure(Lessor lessor, LocalIam iam) {
    String endpoint = iam.endpoint().toString();
    lessor.write(
        MOUNT + "config/root",
        Map.of(
            "access_key", iam.adminAccessKeyId(),
            "secret_key", iam.adminSecretAccessKey(),
            "region", iam.region(),
            "iam_endpoint", endpoint,
            "sts_endpoint", endpoint));
    lessor.write(
        MOUNT + "roles/r",
        Map.of(
            "policy",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"ec2:*\",\"Resource\":\"*\"}]}",
            "ttl",
            TTL.toSeconds() + "s"));
  }
}
