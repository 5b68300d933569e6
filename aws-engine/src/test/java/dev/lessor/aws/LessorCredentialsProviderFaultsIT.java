package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.testing.IamFaults;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Faults at the wire while the provider refreshes (throttling, 5xx, an answer lost after IAM acted
 * on it): callers keep getting the old credential, which still works, and never see a failure.
 */
class LessorCredentialsProviderFaultsIT {
  private final ProviderBed p = new ProviderBed();

  @AfterEach
  void close() throws Exception {
    p.close();
  }

  private static Consumer<IamFaults> fault(String name, String action) {
    return switch (name) {
      case "throttle" -> f -> f.throttle(action, 3);
      case "5xx" -> f -> f.fail(action, 3, 503);
      case "lostAnswer" -> f -> f.actThenDrop(action, 1);
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "throttle CreateUser",
        "5xx CreateUser",
        "lostAnswer CreateUser",
        "throttle CreateAccessKey",
        "5xx CreateAccessKey",
        "lostAnswer CreateAccessKey"
      })
  void resolveCredentials_iamUserFaultAtEachRefresh_zeroFailedCalls(String spec) {
    String[] parts = spec.split(" ");
    p.iamUserRole("app", "10m", "10m");
    p.bed.lessor.write("aws/config/root", rootWithRetries(0));
    run("aws/creds/app", parts[0], fault(parts[0], parts[1]));
  }

  @ParameterizedTest
  @ValueSource(strings = {"throttle", "5xx", "lostAnswer"})
  void resolveCredentials_stsFaultAtEachRefresh_zeroFailedCalls(String kind) {
    p.assumedRole("deploy");
    p.bed.lessor.write("aws/config/root", rootWithRetries(0));
    run("aws/creds/deploy", kind, fault(kind, "AssumeRole"));
  }

  private java.util.Map<String, Object> rootWithRetries(int retries) {
    java.util.Map<String, Object> root = p.bed.rootConfig();
    root.put("max_retries", retries);
    return root;
  }

  /**
   * Ten rotations; before each refresh point the fault is armed, so every refresh meets it. The SDK
   * client's calls (GetCallerIdentity) are made between clock steps, with no fault armed.
   */
  private void run(String path, String kind, Consumer<IamFaults> arm) {
    try (LessorCredentialsProvider provider =
        p.provider(path).retryBackoff(Duration.ofSeconds(5), Duration.ofSeconds(20)).build()) {
      StsClient sts = p.sts(provider);
      provider.prefetch();
      int switched = 0;
      int armedAt = -1;
      for (int step = 0; step < 6 * 200 && switched < 10; step++) {
        if (armedAt != switched) {
          p.bed.iam.faults().clear();
          arm.accept(p.bed.iam.faults());
          armedAt = switched;
        }
        p.call(() -> sts.getCallerIdentity());
        p.liveLeases(path + "/");
        p.advance(Duration.ofSeconds(10));
        switched = (int) p.count(CredentialEvent.Type.SWITCHED);
      }

      assertThat(p.failedCalls).isZero();
      assertThat(switched).isGreaterThanOrEqualTo(10);
      if (!kind.equals("lostAnswer")) { // the engine itself recovers from a lost answer
        assertThat(p.count(CredentialEvent.Type.REFRESH_FAILED)).isGreaterThanOrEqualTo(9);
      }
      assertThat(provider.leaseIds()).hasSizeLessThanOrEqualTo(2);
      provider.closeNow();
    }
    p.bed.iam.faults().clear();
    p.advance(Duration.ofMinutes(20)); // leases whose mint failed are revoked by the Lessor
    assertThat(p.bed.iam.users()).isEmpty();
  }
}
