package dev.lessor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetFederationTokenResponse;
import software.amazon.awssdk.services.sts.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.services.sts.model.Tag;

/** AssumeRole, GetFederationToken and GetCallerIdentity through the real {@link StsClient}. */
class LocalIamStsIT extends LocalIamFixture {
  private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/deployer";

  private final ManualClock clock = new ManualClock();
  private StsClient sts;

  @Override
  LocalIam startLocalIam() {
    return LocalIam.builder().clock(clock).start();
  }

  @BeforeEach
  void startStsAndCreateRole() {
    sts = IamClients.sts(iam);
    client.createRole(
        b ->
            b.roleName("deployer")
                .assumeRolePolicyDocument(LocalIamPoliciesIT.TRUST)
                .maxSessionDuration(7200));
  }

  @AfterEach
  void closeSts() {
    sts.close();
  }

  @Test
  void sessions_includeThoseWhoseAnswerWasLost_withTheirExpiry() {
    iam.faults().actThenDrop("AssumeRole", 1);
    assertThatThrownBy(
            () ->
                sts.assumeRole(
                    b -> b.roleArn(ROLE_ARN).roleSessionName("build-42").durationSeconds(900)))
        .isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class);

    AssumeRoleResponse assumed =
        sts.assumeRole(b -> b.roleArn(ROLE_ARN).roleSessionName("build-42").durationSeconds(900));

    assertThat(iam.sessions())
        .hasSize(2)
        .allSatisfy(
            s -> {
              assertThat(s.arn()).endsWith(":assumed-role/deployer/build-42");
              assertThat(s.expiration()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
            })
        .extracting(LocalIam.Session::accessKeyId)
        .contains(assumed.credentials().accessKeyId());
  }

  @Test
  void assumeRole_credentialsSignIamAndStsCallsAsTheSession() {
    AssumeRoleResponse assumed =
        sts.assumeRole(b -> b.roleArn(ROLE_ARN).roleSessionName("build-42").durationSeconds(7200));

    Credentials c = assumed.credentials();
    assertThat(c.accessKeyId()).startsWith("ASIA");
    assertThat(c.expiration()).isEqualTo(clock.instant().plus(Duration.ofHours(2)));
    assertThat(assumed.assumedRoleUser().arn())
        .isEqualTo("arn:aws:sts::123456789012:assumed-role/deployer/build-42");
    try (StsClient session = IamClients.sts(iam, IamClients.session(c));
        IamClient sessionIam = IamClients.iam(iam, IamClients.session(c))) {
      var identity = session.getCallerIdentity();
      assertThat(identity.arn()).isEqualTo(assumed.assumedRoleUser().arn());
      assertThat(identity.userId()).endsWith(":build-42").startsWith("AROA");
      assertThat(identity.account()).isEqualTo("123456789012");
      assertThat(sessionIam.listUsers().users()).isEmpty();
    }
  }

  @Test
  void assumeRole_withPolicyArnsTagsAndExternalId_reportsPackedPolicySize() {
    AssumeRoleResponse assumed =
        sts.assumeRole(
            b ->
                b.roleArn(ROLE_ARN)
                    .roleSessionName("session")
                    .externalId("ext-123")
                    .policy(LocalIamPoliciesIT.POLICY)
                    .policyArns(
                        PolicyDescriptorType.builder()
                            .arn("arn:aws:iam::aws:policy/ReadOnlyAccess")
                            .build())
                    .tags(Tag.builder().key("team").value("core").build()));

    assertThat(assumed.packedPolicySize()).isBetween(1, 100);
  }

  @Test
  void assumeRole_durationOutsideBounds_isValidationError() {
    assertThatThrownBy(
            () ->
                sts.assumeRole(
                    b -> b.roleArn(ROLE_ARN).roleSessionName("session").durationSeconds(7201)))
        .isInstanceOf(StsException.class)
        .hasMessageContaining(
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
        .satisfies(e -> assertThat(IamClients.stsErrorCode(e)).isEqualTo("ValidationError"));
    assertThatThrownBy(
            () ->
                sts.assumeRole(
                    b -> b.roleArn(ROLE_ARN).roleSessionName("session").durationSeconds(899)))
        .hasMessageContaining("greater than or equal to 900")
        .satisfies(e -> assertThat(IamClients.stsErrorCode(e)).isEqualTo("ValidationError"));
  }

  @Test
  void assumeRole_fromAnAssumedRoleForOverAnHour_isValidationError() {
    Credentials c = sts.assumeRole(b -> b.roleArn(ROLE_ARN).roleSessionName("first")).credentials();

    try (StsClient session = IamClients.sts(iam, IamClients.session(c))) {
      assertThatThrownBy(
              () ->
                  session.assumeRole(
                      b -> b.roleArn(ROLE_ARN).roleSessionName("second").durationSeconds(3601)))
          .hasMessageContaining("exceeds the 1 hour session limit for roles assuming other roles")
          .satisfies(e -> assertThat(IamClients.stsErrorCode(e)).isEqualTo("ValidationError"));
      assertThat(
              session
                  .assumeRole(b -> b.roleArn(ROLE_ARN).roleSessionName("second"))
                  .assumedRoleUser()
                  .arn())
          .endsWith("/deployer/second");
    }
  }

  @Test
  void assumedRoleSession_cannotGetAFederationTokenNorGetUserWithoutName() {
    Credentials c =
        sts.assumeRole(b -> b.roleArn(ROLE_ARN).roleSessionName("session")).credentials();

    try (StsClient session = IamClients.sts(iam, IamClients.session(c));
        IamClient sessionIam = IamClients.iam(iam, IamClients.session(c))) {
      assertThatThrownBy(() -> session.getFederationToken(b -> b.name("fed-user")))
          .hasMessageContaining("Cannot call GetFederationToken with session credentials")
          .satisfies(e -> assertThat(IamClients.stsErrorCode(e)).isEqualTo("AccessDenied"));
      assertThatThrownBy(sessionIam::getUser)
          .hasMessageContaining("Must specify userName when calling with non-User credentials")
          .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("ValidationError"));
    }
  }

  @Test
  void assumeRole_unknownRole_isAccessDenied() {
    String missing = "arn:aws:iam::123456789012:role/missing";

    assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(missing).roleSessionName("session")))
        .isInstanceOf(StsException.class)
        .hasMessageContaining(
            "User: arn:aws:iam::123456789012:root is not authorized to perform: sts:AssumeRole"
                + " on resource: "
                + missing)
        .satisfies(e -> assertThat(IamClients.stsErrorCode(e)).isEqualTo("AccessDenied"));
  }

  @Test
  void assumeRole_invalidSessionNameExternalIdOrPolicy_isRefused() {
    assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(ROLE_ARN).roleSessionName("bad name")))
        .hasMessageContaining("'roleSessionName' failed to satisfy constraint")
        .satisfies(e -> assertThat(IamClients.stsErrorCode(e)).isEqualTo("ValidationError"));
    assertThatThrownBy(
            () ->
                sts.assumeRole(b -> b.roleArn(ROLE_ARN).roleSessionName("session").externalId("x")))
        .hasMessageContaining("'externalId' failed to satisfy constraint")
        .satisfies(e -> assertThat(IamClients.stsErrorCode(e)).isEqualTo("ValidationError"));
    assertThatThrownBy(
            () ->
                sts.assumeRole(b -> b.roleArn(ROLE_ARN).roleSessionName("session").policy("{nope")))
        .isInstanceOf(MalformedPolicyDocumentException.class)
        .hasMessageContaining("Syntax errors in policy.");
  }

  @Test
  void sessionCredentials_afterExpiry_areExpiredToken() {
    Credentials c =
        sts.assumeRole(b -> b.roleArn(ROLE_ARN).roleSessionName("session").durationSeconds(900))
            .credentials();
    try (StsClient session = IamClients.sts(iam, IamClients.session(c))) {
      clock.advance(Duration.ofSeconds(899));
      assertThat(session.getCallerIdentity().arn()).endsWith("/deployer/session");

      clock.advance(Duration.ofSeconds(1));

      assertThatThrownBy(session::getCallerIdentity)
          // AWS answers the code ExpiredToken, which the SDK does not map to ExpiredTokenException
          // (that one is for expired tokens passed as parameters).
          .isInstanceOf(StsException.class)
          .hasMessageContaining("The security token included in the request is expired")
          .satisfies(e -> assertThat(IamClients.stsErrorCode(e)).isEqualTo("ExpiredToken"));
    }
  }

  @Test
  void sessionCredentials_withAnotherToken_areInvalidClientTokenId() {
    Credentials c =
        sts.assumeRole(b -> b.roleArn(ROLE_ARN).roleSessionName("session")).credentials();
    AwsSessionCredentials forged =
        AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), "forged-token");

    try (StsClient session = IamClients.sts(iam, forged)) {
      assertThatThrownBy(session::getCallerIdentity)
          .hasMessageContaining("The security token included in the request is invalid.")
          .satisfies(e -> assertThat(IamClients.stsErrorCode(e)).isEqualTo("InvalidClientTokenId"));
    }
  }

  @Test
  void getFederationToken_asUser_grantsUpTo36Hours() {
    client.createUser(b -> b.userName("alice"));
    AccessKey key = client.createAccessKey(b -> b.userName("alice")).accessKey();
    try (StsClient alice =
        IamClients.sts(iam, AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()))) {
      GetFederationTokenResponse token =
          alice.getFederationToken(
              b -> b.name("fed-user").durationSeconds(129_600).policy(LocalIamPoliciesIT.POLICY));

      assertThat(token.credentials().expiration())
          .isEqualTo(clock.instant().plus(Duration.ofHours(36)));
      assertThat(token.federatedUser().arn())
          .isEqualTo("arn:aws:sts::123456789012:federated-user/fed-user");
      try (StsClient fed = IamClients.sts(iam, IamClients.session(token.credentials()))) {
        assertThat(fed.getCallerIdentity().userId()).isEqualTo("123456789012:fed-user");
        assertThatThrownBy(() -> fed.getFederationToken(b -> b.name("again")))
            .hasMessageContaining(
                "User: arn:aws:sts::123456789012:federated-user/fed-user is not authorized to"
                    + " perform: sts:GetFederationToken")
            .satisfies(e -> assertThat(IamClients.stsErrorCode(e)).isEqualTo("AccessDenied"));
      }
      try (IamClient fedIam = IamClients.iam(iam, IamClients.session(token.credentials()))) {
        // Federation token sessions cannot call IAM at all, as on AWS.
        assertThatThrownBy(fedIam::listUsers)
            .hasMessageContaining("is not authorized to perform: iam:ListUsers")
            .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("AccessDenied"));
      }
      assertThatThrownBy(
              () -> alice.getFederationToken(b -> b.name("fed-x").durationSeconds(129_601)))
          .hasMessageContaining("less than or equal to 129600")
          .satisfies(e -> assertThat(IamClients.stsErrorCode(e)).isEqualTo("ValidationError"));
    }
  }

  @Test
  void getFederationToken_asRoot_isCappedAtOneHour() {
    Instant expiration =
        sts.getFederationToken(b -> b.name("root-fed").durationSeconds(7200))
            .credentials()
            .expiration();

    assertThat(expiration).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
  }

  @Test
  void getCallerIdentity_asRootAndUser_namesTheCaller() {
    assertThat(sts.getCallerIdentity().userId()).isEqualTo("123456789012");
    client.createUser(b -> b.userName("alice").path("/lessor/"));
    AccessKey key = client.createAccessKey(b -> b.userName("alice")).accessKey();

    try (StsClient alice =
        IamClients.sts(iam, AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()))) {
      var identity = alice.getCallerIdentity();
      assertThat(identity.arn()).isEqualTo("arn:aws:iam::123456789012:user/lessor/alice");
      assertThat(identity.userId())
          .isEqualTo(client.getUser(b -> b.userName("alice")).user().userId());
    }
  }
}
