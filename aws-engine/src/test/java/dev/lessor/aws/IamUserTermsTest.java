package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.engine.LeaseTerms;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IamUserTermsTest {
  private static final LeaseConfig CONFIG =
      new LeaseConfig(Duration.ofHours(2), Duration.ofHours(10));

  private static RoleEntry role(Duration ttl, Duration maxTtl) {
    return new RoleEntry(
        "r",
        CredentialType.IAM_USER,
        null,
        List.of(),
        List.of(),
        List.of(),
        Map.of(),
        null,
        null,
        Duration.ZERO,
        Duration.ZERO,
        Map.of(),
        null,
        ttl,
        maxTtl,
        false,
        false,
        null);
  }

  @Test
  void of_roleTtls_winOverConfigLease() {
    assertThat(
            IamUserTerms.of(role(Duration.ofHours(1), Duration.ofHours(3)), CONFIG, Duration.ZERO))
        .isEqualTo(LeaseTerms.renewable(Duration.ofHours(1), Duration.ofHours(3)));
  }

  @Test
  void of_roleWithoutTtls_orDeletedRole_usesConfigLease() {
    LeaseTerms expected = LeaseTerms.renewable(Duration.ofHours(2), Duration.ofHours(10));

    assertThat(IamUserTerms.of(role(Duration.ZERO, Duration.ZERO), CONFIG, Duration.ZERO))
        .isEqualTo(expected);
    assertThat(IamUserTerms.of(null, CONFIG, Duration.ZERO)).isEqualTo(expected);
  }

  @Test
  void of_nothingConfigured_leavesMountDefaults() {
    assertThat(IamUserTerms.of(null, LeaseConfig.defaults(), Duration.ZERO))
        .isEqualTo(LeaseTerms.defaults());
  }

  @Test
  void of_requestedTtl_isUsedAndLeftToTheCoreToCapAtMax() {
    assertThat(IamUserTerms.of(null, CONFIG, Duration.ofMinutes(5)).ttl())
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(IamUserTerms.of(null, CONFIG, Duration.ofHours(50)))
        .isEqualTo(LeaseTerms.renewable(Duration.ofHours(50), Duration.ofHours(10)));
  }
}
