package dev.lessor.bench;

import dev.lessor.Lessor;
import dev.lessor.aws.AwsSecretsEngine;
import dev.lessor.aws.CredentialEvent;
import dev.lessor.aws.LessorCredentialsProvider;
import dev.lessor.testing.LocalIam;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * What {@link LessorCredentialsProvider} costs an application: SDK calls (STS GetCallerIdentity
 * against LocalIam) signed through the provider's cached path next to a {@link
 * StaticCredentialsProvider} holding the same key, alternating call by call in one process (the
 * median call of each side); the bare {@code resolveCredentials()} of both; and, on the real clock
 * with short leases, how long after a switch the previous key is revoked (the overlap, then the
 * revocation itself).
 */
final class ProviderFigure {
  private static final int WARMUP_CALLS = 300;
  private static final int CALLS = 1000;
  private static final int RESOLUTIONS = 20_000_000;
  private static final Duration OVERLAP = Duration.ofMillis(500);
  private static final int ROTATIONS = 4;
  private static final String POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:*\","
          + "\"Resource\":\"*\"}]}";

  private ProviderFigure() {}

  static List<Figure> measure(HarnessOptions options) {
    try (LocalIam iam = LocalIam.start();
        Lessor lessor = Lessor.builder().build()) {
      lessor.mount("aws/", new AwsSecretsEngine());
      lessor.write("aws/config/root", root(iam));
      lessor.write("aws/roles/app", Map.of("policy", POLICY, "ttl", "3s", "max_ttl", "3s"));
      lessor.write("aws/roles/long", Map.of("policy", POLICY));
      List<Figure> out = new ArrayList<>(callCost(iam, lessor, options.runs()));
      out.add(switchToRevocation(lessor));
      return out;
    }
  }

  private static List<Figure> callCost(LocalIam iam, Lessor lessor, int runs) {
    double[] viaProvider = new double[runs];
    double[] viaStatic = new double[runs];
    double[] resolveProvider = new double[runs];
    double[] resolveStatic = new double[runs];
    try (LessorCredentialsProvider provider =
        LessorCredentialsProvider.builder().lessor(lessor).path("aws/creds/long").build()) {
      StaticCredentialsProvider fixed =
          StaticCredentialsProvider.create(provider.resolveCredentials());
      try (StsClient a = sts(iam, provider);
          StsClient b = sts(iam, fixed)) {
        for (int i = 0; i < WARMUP_CALLS; i++) {
          a.getCallerIdentity();
          b.getCallerIdentity();
        }
        for (int run = 0; run < runs; run++) {
          long[] pa = new long[CALLS];
          long[] pb = new long[CALLS];
          for (int i = 0;
              i < CALLS;
              i++) { // call by call, each side first in turn: drift hits both
            boolean providerFirst = i % 2 == 0;
            long first = time(providerFirst ? a : b);
            long second = time(providerFirst ? b : a);
            pa[i] = providerFirst ? first : second;
            pb[i] = providerFirst ? second : first;
          }
          Arrays.sort(pa);
          Arrays.sort(pb);
          viaProvider[run] = Stats.percentile(pa, 50);
          viaStatic[run] = Stats.percentile(pb, 50);
          resolveProvider[run] = resolutions(provider);
          resolveStatic[run] = resolutions(fixed);
        }
      }
      provider.closeNow();
    }
    double call = Stats.median(viaProvider);
    double callBase = Stats.median(viaStatic);
    double res = Stats.median(resolveProvider);
    double resBase = Stats.median(resolveStatic);
    return List.of(
        new Figure(
            "SDK calls/s through LessorCredentialsProvider (STS GetCallerIdentity, LocalIam, p50)",
            Stats.number(1e9 / call) + "/s",
            Stats.number(1e9 / callBase) + "/s (StaticCredentialsProvider, same key)",
            Stats.ratio(call / callBase),
            "cost ratio ≤ 1.05",
            Figure.verdict(call / callBase <= 1.05)),
        new Figure(
            "resolveCredentials() alone, cached path",
            Stats.nanosPerOp(res),
            Stats.nanosPerOp(resBase) + " (StaticCredentialsProvider)",
            Stats.ratio(res / resBase),
            "report",
            "report"));
  }

  private static long time(StsClient sts) {
    long start = System.nanoTime();
    sts.getCallerIdentity();
    return System.nanoTime() - start;
  }

  /** Nanoseconds per call, the keys' ids summed so that the loop is not optimized away. */
  private static double resolutions(AwsCredentialsProvider provider) {
    long sink = 0;
    long start = System.nanoTime();
    for (int i = 0; i < RESOLUTIONS; i++) {
      sink += provider.resolveCredentials().accessKeyId().length();
    }
    long elapsed = System.nanoTime() - start;
    if (sink == 42) {
      System.err.print(""); // keeps sink alive
    }
    return elapsed / (double) RESOLUTIONS;
  }

  /**
   * Real time, 3-second IAM user leases refreshed at half their life, a {@value #ROTATIONS}
   * rotations: from each SWITCHED event to the REVOKED event of the lease it replaced.
   */
  private static Figure switchToRevocation(Lessor lessor) {
    Map<String, Long> switchedAt = new ConcurrentHashMap<>();
    List<Long> gaps = new ArrayList<>();
    String[] previous = new String[1];
    Object lock = new Object();
    try (LessorCredentialsProvider provider =
        LessorCredentialsProvider.builder()
            .lessor(lessor)
            .path("aws/creds/app")
            .prefetchFraction(0.5)
            .prefetchMinimum(Duration.ZERO)
            .overlap(OVERLAP)
            .listener(
                e -> {
                  synchronized (lock) {
                    long now = System.nanoTime();
                    String id = e.leaseId().orElse("");
                    if (e.type() == CredentialEvent.Type.SWITCHED) {
                      if (previous[0] != null) {
                        switchedAt.put(previous[0], now);
                      }
                      previous[0] = id;
                    } else if (e.type() == CredentialEvent.Type.REVOKED
                        && switchedAt.containsKey(id)) {
                      gaps.add(now - switchedAt.get(id));
                    }
                  }
                })
            .build()) {
      provider.resolveCredentials();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        synchronized (lock) {
          if (gaps.size() >= ROTATIONS) {
            break;
          }
        }
        provider.resolveCredentials();
        pause();
      }
      provider.closeNow();
    }
    String name = "switch → old key revoked, overlap " + OVERLAP.toMillis() + " ms (real clock)";
    if (gaps.isEmpty()) {
      return Figure.notMeasured(name, "overlap + ≤ 1 s", "no rotation within 30 s");
    }
    long[] sorted = gaps.stream().mapToLong(Long::longValue).sorted().toArray();
    double median = Stats.percentile(sorted, 50);
    double lag = median - OVERLAP.toNanos();
    return new Figure(
        name + ", median of " + sorted.length,
        Stats.millis(median),
        "-",
        "-",
        "overlap + ≤ 1 s",
        Figure.verdict(lag >= 0 && lag <= 1e9));
  }

  private static void pause() {
    try {
      Thread.sleep(20); // a real-time figure: it watches the provider's own threads work
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static StsClient sts(LocalIam iam, AwsCredentialsProvider credentials) {
    return StsClient.builder()
        .endpointOverride(iam.endpoint())
        .region(Region.of(iam.region()))
        .credentialsProvider(credentials)
        .build();
  }

  private static Map<String, Object> root(LocalIam iam) {
    Map<String, Object> root = new HashMap<>();
    root.put("access_key", iam.adminAccessKeyId());
    root.put("secret_key", iam.adminSecretAccessKey());
    root.put("region", iam.region());
    root.put("iam_endpoint", iam.endpoint().toString());
    root.put("sts_endpoint", iam.endpoint().toString());
    return root;
  }
}
