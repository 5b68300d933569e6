package dev.lessor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/** Virtual MFA devices, GetSessionToken and AssumeRole with MFA through the real SDK clients. */
class LocalIamMfaIT extends LocalIamFixture {
  private static final String MFA_TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},"
          + "\"Action\":\"sts:AssumeRole\","
          + "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}";

  private final ManualClock clock = new ManualClock();
  private String serial;
  private String seed;
  private StsClient alice;

  @Override
  LocalIam startLocalIam() {
    return LocalIam.builder().clock(clock).start();
  }

  /** alice has a key and an enabled virtual MFA device, as a user would set them up. */
  @BeforeEach
  void aliceWithMfa() {
    client.createUser(b -> b.userName("alice"));
    AccessKey key = client.createAccessKey(b -> b.userName("alice")).accessKey();
    var device =
        client
            .createVirtualMFADevice(b -> b.virtualMFADeviceName("alice-phone"))
            .virtualMFADevice();
    serial = device.serialNumber();
    seed = device.base32StringSeed().asUtf8String();
    String first = Totp.code(seed, clock.instant());
    clock.advance(Totp.STEP);
    String second = Totp.code(seed, clock.instant());
    client.enableMFADevice(
        b ->
            b.userName("alice")
                .serialNumber(serial)
                .authenticationCode1(first)
                .authenticationCode2(second));
    alice =
        IamClients.sts(iam, AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
  }

  @AfterEach
  void closeAlice() {
    alice.close();
  }

  @Test
  void createVirtualMfaDevice_answersSerialArnAndBase32Seed() {
    assertThat(serial).isEqualTo("arn:aws:iam::123456789012:mfa/alice-phone");
    assertThat(seed).matches("[A-Z2-7]{32}");
    assertThat(client.listMFADevices(b -> b.userName("alice")).mfaDevices())
        .singleElement()
        .satisfies(d -> assertThat(d.serialNumber()).isEqualTo(serial));
  }

  @Test
  void enableMfaDevice_wrongCodes_isRefusedWithInvalidAuthenticationCode() {
    var other =
        client.createVirtualMFADevice(b -> b.virtualMFADeviceName("spare")).virtualMFADevice();
    client.createUser(b -> b.userName("bob"));

    assertThatThrownBy(
            () ->
                client.enableMFADevice(
                    b ->
                        b.userName("bob")
                            .serialNumber(other.serialNumber())
                            .authenticationCode1("000000")
                            .authenticationCode2("000001")))
        .isInstanceOfSatisfying(
            IamException.class,
            e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("InvalidAuthenticationCode"));
  }

  @Test
  void getSessionToken_currentCode_issuesSessionActingAsTheUser() {
    Credentials c =
        alice
            .getSessionToken(
                b ->
                    b.durationSeconds(129_600)
                        .serialNumber(serial)
                        .tokenCode(Totp.code(seed, clock.instant())))
            .credentials();

    assertThat(c.expiration()).isEqualTo(clock.instant().plus(Duration.ofHours(36)));
    try (StsClient session = IamClients.sts(iam, IamClients.session(c))) {
      assertThat(session.getCallerIdentity().arn())
          .isEqualTo("arn:aws:iam::123456789012:user/alice");
      assertThatThrownBy(() -> session.getSessionToken())
          .isInstanceOfSatisfying(
              StsException.class,
              e -> assertThat(IamClients.stsErrorCode(e)).isEqualTo("AccessDenied"));
    }
  }

  @Test
  void getSessionToken_wrongOrStaleCode_isAccessDeniedWithoutTheCode() {
    String stale = Totp.code(seed, clock.instant().minus(Duration.ofMinutes(5)));
    String current = Totp.code(seed, clock.instant());
    String wrong = current.equals("123456") ? "654321" : "123456";

    for (String code : new String[] {stale, wrong}) {
      assertThatThrownBy(() -> alice.getSessionToken(b -> b.serialNumber(serial).tokenCode(code)))
          .isInstanceOfSatisfying(
              StsException.class,
              e -> {
                assertThat(IamClients.stsErrorCode(e)).isEqualTo("AccessDenied");
                assertThat(e.statusCode()).isEqualTo(403);
              })
          .hasMessageContaining("MultiFactorAuthentication failed")
          .hasMessageNotContaining(code);
    }
  }

  @Test
  void getSessionToken_serialWithoutCode_isAccessDenied() {
    assertThatThrownBy(() -> alice.getSessionToken(b -> b.serialNumber(serial)))
        .isInstanceOfSatisfying(
            StsException.class,
            e -> assertThat(IamClients.stsErrorCode(e)).isEqualTo("AccessDenied"))
        .hasMessageContaining("must provide both MFA serial number and one time pass code");
  }

  @Test
  void getSessionToken_anotherUsersDevice_isAccessDenied() {
    try (StsClient root = IamClients.sts(iam)) {
      String code = Totp.code(seed, clock.instant());
      assertThatThrownBy(() -> root.getSessionToken(b -> b.serialNumber(serial).tokenCode(code)))
          .isInstanceOfSatisfying(
              StsException.class,
              e -> assertThat(IamClients.stsErrorCode(e)).isEqualTo("AccessDenied"));
    }
  }

  @Test
  void getSessionToken_rootCaller_isCappedAtOneHour() {
    try (StsClient root = IamClients.sts(iam)) {
      Credentials c = root.getSessionToken(b -> b.durationSeconds(7200)).credentials();
      assertThat(c.expiration()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
    }
  }

  @Test
  void assumeRole_trustPolicyRequiresMfa_refusesWithoutCodeAndAcceptsCurrentCode() {
    String arn =
        client.createRole(b -> b.roleName("ops").assumeRolePolicyDocument(MFA_TRUST)).role().arn();

    assertThatThrownBy(() -> alice.assumeRole(b -> b.roleArn(arn).roleSessionName("s1")))
        .isInstanceOfSatisfying(
            StsException.class,
            e -> assertThat(IamClients.stsErrorCode(e)).isEqualTo("AccessDenied"))
        .hasMessageContaining("not authorized to perform: sts:AssumeRole");
    assertThat(
            alice
                .assumeRole(
                    b ->
                        b.roleArn(arn)
                            .roleSessionName("s1")
                            .serialNumber(serial)
                            .tokenCode(Totp.code(seed, clock.instant())))
                .assumedRoleUser()
                .arn())
        .endsWith(":assumed-role/ops/s1");
  }

  @Test
  void deleteUser_enabledMfaDevice_isDeleteConflictUntilDeactivated() {
    client
        .listAccessKeys(b -> b.userName("alice"))
        .accessKeyMetadata()
        .forEach(
            k -> client.deleteAccessKey(b -> b.userName("alice").accessKeyId(k.accessKeyId())));

    assertThatThrownBy(() -> client.deleteUser(b -> b.userName("alice")))
        .isInstanceOfSatisfying(
            IamException.class,
            e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("DeleteConflict"));

    client.deactivateMFADevice(b -> b.userName("alice").serialNumber(serial));
    client.deleteVirtualMFADevice(b -> b.serialNumber(serial));
    client.deleteUser(b -> b.userName("alice"));
    assertThat(client.listVirtualMFADevices().virtualMFADevices()).isEmpty();
  }
}
