package dev.lessor.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * An {@link AwsTestBed} whose LocalIam makes new keys wait {@link #ACTIVATION} before they sign,
 * with providers on the bed's manual clock and scheduler (work runs on the thread that moves the
 * clock) and real SDK clients that sign with them.
 */
final class ProviderBed implements AutoCloseable {
  static final Duration ACTIVATION = Duration.ofSeconds(10);
  static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
          + "\"Action\":\"sts:AssumeRole\"}]}";

  final AwsTestBed bed = new AwsTestBed(b -> b.keyActivationDelay(ACTIVATION), Map.of());
  final List<CredentialEvent> events = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> closing = new ArrayList<>();
  int failedCalls;
  int maxLiveLeases;

  /** An iam_user role whose leases last {@code ttl}, renewable up to {@code maxTtl}. */
  void iamUserRole(String name, String ttl, String maxTtl) {
    bed.lessor.write(
        "aws/roles/" + name,
        Map.of(
            "credential_type",
            "iam_user",
            "policy_document",
            AwsTestBed.EC2_POLICY,
            "ttl",
            ttl,
            "max_ttl",
            maxTtl));
  }

  /** An assumed_role role with 15-minute sessions. */
  void assumedRole(String name) {
    String arn =
        bed.admin().createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST)).role().arn();
    bed.lessor.write(
        "aws/roles/" + name,
        Map.of("credential_type", "assumed_role", "role_arns", arn, "default_sts_ttl", "15m"));
  }

  LessorCredentialsProviderBuilder provider(String path) {
    return LessorCredentialsProvider.builder()
        .lessor(bed.lessor)
        .path(path)
        .clock(bed.clock)
        .scheduler(bed.scheduler)
        .executor(Runnable::run)
        .prefetchJitter(0)
        .listener(events::add);
  }

  StsClient sts(AwsCredentialsProvider credentials) {
    return keep(
        StsClient.builder()
            .endpointOverride(bed.iam.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .build());
  }

  IamClient iam(AwsCredentialsProvider credentials) {
    return keep(
        IamClient.builder()
            .endpointOverride(bed.iam.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .build());
  }

  private <T extends AutoCloseable> T keep(T client) {
    closing.add(client);
    return client;
  }

  /** Makes {@code call}, counting a failure instead of throwing. */
  void call(Runnable call) {
    try {
      call.run();
    } catch (SdkException | dev.lessor.LessorException e) {
      failedCalls++;
    }
  }

  /** Live leases under {@code prefix} in the Lessor, remembering the most seen. */
  int liveLeases(String prefix) {
    int live = bed.lessor.leases().list(prefix).size();
    maxLiveLeases = Math.max(maxLiveLeases, live);
    return live;
  }

  long count(CredentialEvent.Type type) {
    return events.stream().filter(e -> e.type() == type).count();
  }

  void advance(Duration step) {
    bed.expire(step);
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    bed.close();
  }
}
