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

  /** Lessor's default revocation concurrency. */
  static final int DEFAULT_REVOCATION_CONCURRENCY = 16;

  /**
   * The revocation concurrency of the children for {@code threads} minting threads: twice the
   * minting threads, and at least Lessor's default. The children mint flat out with a 3 s TTL, so
   * every lease they issue falls due moments later, and revocation keeps pace only if it can delete
   * users as fast as they are made. One revocation takes four IAM calls, three in a row
   * (ListAccessKeys, DeleteAccessKey beside DeleteUserPolicy, DeleteUser), where a mint takes
   * three, two in a row (CreateUser, then CreateAccessKey beside PutUserPolicy); each takes two
   * store writes. So a revocation worker deletes fewer users a second than a minting thread makes,
   * and 16 workers fall behind 32 threads for good: the backlog grows cycle after cycle, and the
   * leases a kill leaves claimed go to the back of it. One child minting for 59 s at 32 threads (on
   * two loaded cores, {@code --cycles 1 --seed 60 --max-run-ms 60000 --startup-kills 0}): with 16
   * workers, 651 of 1,644 users made were deleted and 993 were live at the kill; with 64, 914 of
   * 1,082, and 168 live (the last seconds' worth). In the kill loop itself (50 cycles at 32
   * threads, seed 32, load average 6 to 11): with 16 workers 3,233 of 9,308 users were deleted
   * during the loop and users were passed over from cycle 43; with 64, 11,188 of 11,767, at most
   * 3.8 s overdue. Twice the threads keeps pace with headroom; the mints slow down instead, as the
   * two share the CPU and IAM.
   */
  static int revocationConcurrency(int threads) {
    return Math.max(DEFAULT_REVOCATION_CONCURRENCY, 2 * threads);
  }

  /**
   * A Lessor on {@code stores} with the loop's times and {@code revocationConcurrency}; the caller
   * mounts the engine.
   */
  static Lessor build(JdbcStores stores, int revocationConcurrency) {
    return Lessor.builder()
        .revocationConcurrency(revocationConcurrency)
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
