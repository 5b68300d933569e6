package dev.lessor.aws;

import java.util.UUID;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.IamClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The IAM client that manages a static role's user: the mount's own, or, with {@code
 * assume_role_arn}, one that signs with that role's session (a user in another account), made for
 * one rotation and closed after it. Not thread-safe; one per use.
 */
final class StaticRoleAccess implements AutoCloseable {
  private final IamClient iam;
  private final StsClient sts;
  private final AutoCloseable[] owned;

  private StaticRoleAccess(IamClient iam, StsClient sts, AutoCloseable... owned) {
    this.iam = iam;
    this.sts = sts;
    this.owned = owned;
  }

  static StaticRoleAccess open(MountState state, StaticRole role) {
    AwsClients mount = state.clients();
    if (role.assumeRoleArn() == null) {
      return new StaticRoleAccess(mount.iam(), mount.sts());
    }
    String session =
        role.sessionName() != null
            ? role.sessionName()
            : "lessor-" + UUID.randomUUID().toString().substring(0, 8);
    StsAssumeRoleCredentialsProvider credentials =
        StsAssumeRoleCredentialsProvider.builder()
            .stsClient(mount.sts())
            .refreshRequest(
                r -> {
                  r.roleArn(role.assumeRoleArn()).roleSessionName(session);
                  if (role.externalId() != null) {
                    r.externalId(role.externalId());
                  }
                })
            .asyncCredentialUpdateEnabled(false)
            .build();
    SdkHttpClient http = new JdkHttpClient();
    IamClientBuilder builder =
        IamClient.builder()
            .httpClient(http)
            .region(mount.iam().serviceClientConfiguration().region())
            .credentialsProvider(credentials);
    mount
        .iam()
        .serviceClientConfiguration()
        .endpointOverride()
        .ifPresent(builder::endpointOverride);
    IamClient iam = builder.build();
    return new StaticRoleAccess(iam, mount.sts(), iam, http, credentials);
  }

  /** The IAM client for the role's user. */
  IamClient iam() {
    return iam;
  }

  /** The mount's STS client, for checking that a new key works. */
  StsClient sts() {
    return sts;
  }

  @Override
  public void close() {
    for (AutoCloseable closeable : owned) {
      try {
        closeable.close();
      } catch (Exception e) {
        // releasing a client frees threads at most; nothing to act on
      }
    }
  }
}
