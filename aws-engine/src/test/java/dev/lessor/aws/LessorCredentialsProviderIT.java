package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.Lease;
import dev.lessor.LessorException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The provider at the wire: real SDK clients sign with it against LocalIam, whose new keys work
 * only {@link ProviderBed#ACTIVATION} after they are made, while a manual clock moves through many
 * rotations.
 */
class LessorCredentialsProviderIT {
  private static final String APP = "aws/creds/app";
  private final ProviderBed p = new ProviderBed();

  @AfterEach
  void close() throws Exception {
    p.close();
  }

  @Test
  void resolveCredentials_iamUserThroughTwelveRotations_everyCallSucceeds() {
    p.iamUserRole("app", "10m", "10m");
    Set<String> keys = new LinkedHashSet<>();
    try (LessorCredentialsProvider provider = p.provider(APP).build()) {
      StsClient sts = p.sts(provider);
      IamClient iam = p.iam(provider);
      provider.prefetch(); // mints and waits for the key to work before returning (inline executor)

      for (int step = 0; step < 3 * 100; step++) { // 100 minutes in 20-second steps
        p.call(() -> keys.add(sts.getCallerIdentity().arn()));
        p.call(() -> iam.getUser());
        keys.add(provider.resolveCredentials().accessKeyId());
        p.liveLeases(APP + "/");
        assertThat(provider.leaseIds()).hasSizeLessThanOrEqualTo(2);
        p.advance(Duration.ofSeconds(20));
      }

      assertThat(p.failedCalls).isZero();
      assertThat(p.count(CredentialEvent.Type.SWITCHED)).isGreaterThanOrEqualTo(10);
      assertThat(keys.stream().filter(k -> k.startsWith("AKIA"))).hasSizeGreaterThanOrEqualTo(10);
      assertThat(p.maxLiveLeases).isEqualTo(2);
      assertThat(provider.resolveCredentials()).isInstanceOf(AwsBasicCredentials.class);
    }
    p.advance(Duration.ofMinutes(1)); // the overlap after close
    assertThat(p.bed.iam.users()).isEmpty();
    assertThat(p.bed.lessor.leases().list(APP + "/")).isEmpty();
  }

  @Test
  void resolveCredentials_assumedRoleThroughTenRotations_sessionCredentialsWithExpiry() {
    p.assumedRole("deploy");
    String path = "aws/creds/deploy";
    try (LessorCredentialsProvider provider = p.provider(path).build()) {
      StsClient sts = p.sts(provider);
      AwsCredentials first = provider.resolveCredentials();
      Lease lease = p.bed.lessor.leases().lookup(provider.leaseIds().get(0)).orElseThrow();

      assertThat(first).isInstanceOf(AwsSessionCredentials.class);
      assertThat(((AwsSessionCredentials) first).expirationTime()).contains(lease.expireTime());
      assertThat(first.providerName()).contains("Lessor(aws/creds/deploy)");
      for (int step = 0; step < 4 * 130; step++) { // 130 minutes in 15-second steps
        p.call(() -> sts.getCallerIdentity());
        p.liveLeases(path + "/");
        p.advance(Duration.ofSeconds(15));
      }

      assertThat(p.failedCalls).isZero();
      assertThat(p.count(CredentialEvent.Type.SWITCHED)).isGreaterThanOrEqualTo(10);
      assertThat(p.maxLiveLeases).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void refresh_renewableLease_renewsSameKeyUntilMaxTtlThenMints() {
    p.iamUserRole("app", "10m", "30m");
    try (LessorCredentialsProvider provider = p.provider(APP).build()) {
      provider.prefetch();
      String key = provider.resolveCredentials().accessKeyId();
      String lease = provider.leaseIds().get(0);

      p.advance(Duration.ofMinutes(9)); // past the refresh point: 2 minutes before expiry

      assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo(key);
      assertThat(provider.leaseIds()).containsExactly(lease);
      assertThat(p.count(CredentialEvent.Type.RENEWED)).isEqualTo(1);
      assertThat(p.count(CredentialEvent.Type.MINTED)).isEqualTo(1);

      for (int i = 0; i < 30; i++) {
        p.advance(Duration.ofMinutes(1));
      }

      assertThat(provider.resolveCredentials().accessKeyId()).isNotEqualTo(key);
      assertThat(p.count(CredentialEvent.Type.MINTED)).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void resolveCredentials_leaseRevokedFromOutside_nextCallMintsAtOnce() {
    p.iamUserRole("app", "10m", "10m");
    try (LessorCredentialsProvider provider = p.provider(APP).build()) {
      StsClient sts = p.sts(provider);
      provider.prefetch();
      String first = provider.resolveCredentials().accessKeyId();

      p.bed.lessor.leases().revoke(provider.leaseIds().get(0));

      assertThat(sts.getCallerIdentity().arn()).contains(":user/");
      assertThat(provider.resolveCredentials().accessKeyId()).isNotEqualTo(first);
      assertThat(p.count(CredentialEvent.Type.LOST)).isEqualTo(1);
    }
  }

  @Test
  void resolveCredentials_refreshKeepsFailing_servesOldKeyThenThrowsNeverExpired() {
    p.iamUserRole("app", "10m", "10m");
    try (LessorCredentialsProvider provider = p.provider(APP).build()) {
      StsClient sts = p.sts(provider);
      provider.prefetch();
      Lease lease = p.bed.lessor.leases().lookup(provider.leaseIds().get(0)).orElseThrow();
      p.bed.iam.faults().fail("CreateUser", 10_000, 500);

      while (p.bed.clock.instant().isBefore(lease.expireTime().minusSeconds(2))) {
        p.call(() -> sts.getCallerIdentity());
        p.advance(Duration.ofSeconds(5));
      }

      assertThat(p.failedCalls).isZero();
      assertThat(p.count(CredentialEvent.Type.REFRESH_FAILED)).isGreaterThan(3);
      p.advance(Duration.ofSeconds(2));
      assertThatThrownBy(provider::resolveCredentials)
          .isInstanceOf(LessorException.class)
          .hasMessageContaining("no valid credential for aws/creds/app")
          .hasMessageContaining("InternalFailure");

      p.bed.iam.faults().clear();
      p.advance(Duration.ofSeconds(30)); // the backoff's next try succeeds
      assertThat(sts.getCallerIdentity().arn()).contains(":user/");
    }
  }

  @Test
  void closeNow_revokesEveryLeaseAtOnce_andClosedProviderThrows() {
    p.iamUserRole("app", "10m", "10m");
    LessorCredentialsProvider provider = p.provider(APP).build();
    provider.prefetch();
    p.advance(Duration.ofMinutes(9)); // rotated: one lease current, one in its overlap
    assertThat(provider.leaseIds()).hasSize(2);

    provider.closeNow();
    provider.close(); // closing again does nothing

    assertThat(p.bed.iam.users()).isEmpty();
    assertThat(p.bed.lessor.leases().list(APP + "/")).isEmpty();
    assertThatThrownBy(provider::resolveCredentials)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the credentials provider for aws/creds/app is closed");
  }

  @Test
  void close_keepsKeyThroughOverlap_thenRevokes() {
    p.iamUserRole("app", "10m", "10m");
    LessorCredentialsProvider provider = p.provider(APP).build();
    provider.prefetch();

    provider.close();

    assertThat(p.bed.iam.users()).hasSize(1);
    p.advance(Duration.ofSeconds(59));
    assertThat(p.bed.iam.users()).hasSize(1);
    p.advance(Duration.ofSeconds(1));
    assertThat(p.bed.iam.users()).isEmpty();
    assertThat(p.count(CredentialEvent.Type.REVOKED)).isEqualTo(1);
  }

  @Test
  void toString_ofProviderAndCredentials_holdsNoSecret() {
    p.assumedRole("deploy");
    try (LessorCredentialsProvider provider = p.provider("aws/creds/deploy").build()) {
      AwsSessionCredentials c = (AwsSessionCredentials) provider.resolveCredentials();

      String printed = provider + " " + c + " " + p.events + " " + provider.toBuilder();
      assertThat(printed)
          .doesNotContain(c.secretAccessKey())
          .doesNotContain(c.sessionToken())
          .contains("aws/creds/deploy");
      assertThat(provider.providerName()).isEqualTo("Lessor(aws/creds/deploy)");
    }
  }
}
