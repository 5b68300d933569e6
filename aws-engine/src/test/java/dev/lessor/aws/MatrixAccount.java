package dev.lessor.aws;

import dev.lessor.testing.LocalIam;
import dev.lessor.testing.ManualClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * The LocalIam that every cell of the fault matrix shares, on one manual clock, with the managed
 * policy, group and role that the matrix's roles use (created once, long before any cell, so that
 * no consistency window hides them). {@link #removeLeftovers} resets it between cells.
 */
final class MatrixAccount implements AutoCloseable {
  static final String GROUP = "matrix-devs";
  static final String ROTATOR = "matrix-root";
  private static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
          + "\"Action\":\"sts:AssumeRole\"}]}";

  final ManualClock clock = new ManualClock();
  final LocalIam iam = LocalIam.builder().clock(clock).start();
  final IamClient admin = AwsTestBed.adminClient(iam);
  final String policyArn;
  final String roleArn;
  private final StepRunner steps = new StepRunner();

  MatrixAccount() {
    policyArn =
        admin
            .createPolicy(r -> r.policyName("matrix-managed").policyDocument(AwsTestBed.EC2_POLICY))
            .policy()
            .arn();
    admin.createGroup(r -> r.groupName(GROUP));
    roleArn =
        admin
            .createRole(r -> r.roleName("matrix-deploy").assumeRolePolicyDocument(TRUST))
            .role()
            .arn();
    clock.advance(Duration.ofHours(1));
  }

  /** config/root against LocalIam as its root user, with one retry per call. */
  Map<String, Object> rootConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put("access_key", iam.adminAccessKeyId());
    config.put("secret_key", iam.adminSecretAccessKey());
    config.put("region", iam.region());
    config.put("iam_endpoint", iam.endpoint().toString());
    config.put("sts_endpoint", iam.endpoint().toString());
    config.put("max_retries", MatrixBed.ATTEMPTS - 1);
    config.put("wait_ready_timeout", "2s");
    return config;
  }

  /** config/root as a new IAM user {@link #ROTATOR} with one access key, for rotate-root. */
  Map<String, Object> rotatorConfig() {
    admin.createUser(r -> r.userName(ROTATOR));
    AccessKey key = admin.createAccessKey(r -> r.userName(ROTATOR)).accessKey();
    Map<String, Object> config = rootConfig();
    config.put("access_key", key.accessKeyId());
    config.put("secret_key", key.secretAccessKey());
    return config;
  }

  /** The access key ids of {@link #ROTATOR}. */
  Set<String> rotatorKeys() {
    return iam.user(ROTATOR).orElseThrow().accessKeys().stream()
        .map(LocalIam.AccessKeyView::id)
        .collect(Collectors.toSet());
  }

  /** The IAM users the engine made (under its user path), whatever their lease. */
  List<LocalIam.User> lessorUsers() {
    return iam.users().stream().filter(u -> u.path().startsWith("/lessor/")).toList();
  }

  /** The ids of every STS session issued so far. */
  Set<String> sessionIds() {
    return iam.sessions().stream().map(LocalIam.Session::accessKeyId).collect(Collectors.toSet());
  }

  /** Clears every fault and deletes every user, so that the next cell starts clean. */
  void removeLeftovers() {
    iam.faults().clear();
    IamUserDeleter deleter = new IamUserDeleter(admin, steps);
    for (LocalIam.User user : iam.users()) {
      deleter.delete(user.name());
    }
  }

  @Override
  public void close() {
    steps.close();
    admin.close();
    iam.close();
  }
}
