package dev.lessor.bench;

import dev.lessor.Lessor;
import dev.lessor.aws.AwsSecretsEngine;
import dev.lessor.testing.LocalIam;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Mint and revoke latency of an IAM user credential against LocalIam on loopback: {@code
 * read("aws/creds/bench")} and {@code leases().revoke(id)} through Lessor and the AWS engine, next
 * to the same IAM calls made by hand with the SDK: CreateUser (with the same three tags), then
 * PutUserPolicy and CreateAccessKey concurrently; and the teardown (list and delete access keys,
 * inline policies, attached policies and groups, then DeleteUser: 7 calls). The engine's revocation
 * also clears what it never creates (login profile, SSH keys, signing certificates,
 * service-specific credentials, MFA devices: 12 calls in all), so a third row times those same 12
 * calls by hand. Each run alternates the sides operation by operation; each figure is the median
 * over runs of the per-run median.
 */
final class AwsLatencyFigure {
  private static final int WARMUP = 50;
  private static final int OPS_PER_RUN = 100;
  private static final int SIDES = 5;
  private static final String CREDS = "aws/creds/bench";
  private static final String POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:*\","
          + "\"Resource\":\"*\"}]}";

  private AwsLatencyFigure() {}

  static List<Figure> measure(HarnessOptions options) {
    try (LocalIam iam = LocalIam.start();
        Lessor lessor = Lessor.builder().build();
        IamClient client = client(iam)) {
      lessor.mount("aws/", new AwsSecretsEngine());
      Map<String, Object> root = new HashMap<>();
      root.put("access_key", iam.adminAccessKeyId());
      root.put("secret_key", iam.adminSecretAccessKey());
      root.put("region", iam.region());
      root.put("iam_endpoint", iam.endpoint().toString());
      root.put("sts_endpoint", iam.endpoint().toString());
      lessor.write("aws/config/root", root);
      lessor.write("aws/roles/bench", Map.of("policy", POLICY));
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        HandWritten hand = new HandWritten(client, pool);
        double[][] medians = new double[SIDES][options.runs()];
        sample(lessor, hand, WARMUP);
        for (int run = 0; run < options.runs(); run++) {
          double[] m = sample(lessor, hand, OPS_PER_RUN);
          for (int i = 0; i < SIDES; i++) {
            medians[i][run] = m[i];
          }
        }
        return List.of(
            row(
                "mint latency p50, iam_user via LocalIam",
                medians[0],
                medians[1],
                "SDK by hand: CreateUser, then 2 calls at once",
                true),
            row(
                "revoke latency p50, iam_user via LocalIam",
                medians[2],
                medians[3],
                "teardown by hand: 7 calls",
                true),
            row(
                "revoke latency p50, same 12 calls as the engine",
                medians[2],
                medians[4],
                "the engine's 12 calls by hand",
                false));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static Figure row(
      String name, double[] lessor, double[] hand, String baseline, boolean judged) {
    double value = Stats.median(lessor);
    double base = Stats.median(hand);
    return new Figure(
        name,
        Stats.millis(value),
        Stats.millis(base) + " (" + baseline + ")",
        Stats.ratio(value / base),
        judged ? "ratio ≤ 1.1" : "report",
        judged ? Figure.verdict(value / base <= 1.1) : "report");
  }

  /**
   * Per-operation medians: Lessor mint, hand mint, Lessor revoke, hand revoke, hand revoke with the
   * engine's calls.
   */
  private static double[] sample(Lessor lessor, HandWritten hand, int ops) {
    long[][] times = new long[SIDES][ops];
    for (int i = 0; i < ops; i++) {
      String[] lease = new String[1];
      String[] user = new String[1];
      Runnable viaLessor = () -> lease[0] = lessor.read(CREDS).lease().orElseThrow().id();
      Runnable byHand = () -> user[0] = hand.mint();
      // Alternate which side goes first, so that neither always follows the other's work.
      boolean lessorFirst = i % 2 == 0;
      times[lessorFirst ? 0 : 1][i] = time(lessorFirst ? viaLessor : byHand);
      times[lessorFirst ? 1 : 0][i] = time(lessorFirst ? byHand : viaLessor);
      String other = hand.mint();
      Runnable revokeViaLessor = () -> lessor.leases().revoke(lease[0]);
      Runnable revokeByHand = () -> hand.revoke(user[0]);
      times[lessorFirst ? 2 : 3][i] = time(lessorFirst ? revokeViaLessor : revokeByHand);
      times[lessorFirst ? 3 : 2][i] = time(lessorFirst ? revokeByHand : revokeViaLessor);
      times[4][i] = time(() -> hand.revokeLikeTheEngine(other));
    }
    double[] out = new double[SIDES];
    for (int k = 0; k < SIDES; k++) {
      Arrays.sort(times[k]);
      out[k] = Stats.percentile(times[k], 50);
    }
    return out;
  }

  private static long time(Runnable operation) {
    long start = System.nanoTime();
    operation.run();
    return System.nanoTime() - start;
  }

  private static IamClient client(LocalIam iam) {
    return IamClient.builder()
        .endpointOverride(iam.endpoint())
        .region(Region.of(iam.region()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(iam.adminAccessKeyId(), iam.adminSecretAccessKey())))
        .build();
  }

  /** The same IAM calls, written by hand with the SDK. Not thread-safe. */
  private static final class HandWritten {
    private final IamClient iam;
    private final ExecutorService pool;

    HandWritten(IamClient iam, ExecutorService pool) {
      this.iam = iam;
      this.pool = pool;
    }

    String mint() {
      String user = "bench-" + UUID.randomUUID().toString().substring(0, 18);
      List<Tag> tags = new ArrayList<>();
      tags.add(Tag.builder().key("lessor-lease-id").value(user).build());
      tags.add(
          Tag.builder()
              .key("lessor-expire-time")
              .value(Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS).toString())
              .build());
      tags.add(Tag.builder().key("lessor-mount").value("aws/").build());
      iam.createUser(r -> r.userName(user).path("/bench/").tags(tags));
      Future<?> policy =
          pool.submit(
              () ->
                  iam.putUserPolicy(
                      r -> r.userName(user).policyName("bench").policyDocument(POLICY)));
      Future<?> key = pool.submit(() -> iam.createAccessKey(r -> r.userName(user)));
      join(policy);
      join(key);
      return user;
    }

    void revoke(String user) {
      iam.listAccessKeys(r -> r.userName(user))
          .accessKeyMetadata()
          .forEach(k -> iam.deleteAccessKey(r -> r.userName(user).accessKeyId(k.accessKeyId())));
      iam.listUserPolicies(r -> r.userName(user))
          .policyNames()
          .forEach(p -> iam.deleteUserPolicy(r -> r.userName(user).policyName(p)));
      iam.listAttachedUserPolicies(r -> r.userName(user))
          .attachedPolicies()
          .forEach(p -> iam.detachUserPolicy(r -> r.userName(user).policyArn(p.policyArn())));
      iam.listGroupsForUser(r -> r.userName(user))
          .groups()
          .forEach(g -> iam.removeUserFromGroup(r -> r.userName(user).groupName(g.groupName())));
      iam.deleteUser(r -> r.userName(user));
    }

    /**
     * The teardown the engine does: besides the above, a login profile, SSH keys, signing
     * certificates, service-specific credentials and MFA devices (none exist here).
     */
    void revokeLikeTheEngine(String user) {
      try {
        iam.deleteLoginProfile(r -> r.userName(user));
      } catch (NoSuchEntityException e) {
        // none: as expected
      }
      iam.listSSHPublicKeys(r -> r.userName(user));
      iam.listSigningCertificates(r -> r.userName(user));
      iam.listServiceSpecificCredentials(r -> r.userName(user));
      iam.listMFADevices(r -> r.userName(user));
      revoke(user);
    }

    private static void join(Future<?> call) {
      try {
        call.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("IAM call failed", e.getCause());
      }
    }
  }
}
