package dev.lessor.examples;

import dev.lessor.Lessor;
import dev.lessor.aws.AwsSecretsEngine;
import dev.lessor.aws.LessorCredentialsProvider;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * The walkthrough's last stage: an SDK client built once with a {@link LessorCredentialsProvider},
 * whose key rotates under it. A Lessor of its own runs on a manual clock, so that two 10-minute
 * leases pass in an instant; the keys themselves are real (LocalIam's or AWS's), and every call is
 * signed with the key the provider hands out at that moment.
 */
final class ProviderStage {
  private final CliOutput cli;
  private final Walkthrough.Target target;

  ProviderStage(CliOutput cli, Walkthrough.Target target) {
    this.cli = cli;
    this.target = target;
  }

  void run() {
    cli.stage("10. Use the credentials: an SDK client whose key rotates under it");
    ManualClock clock = new ManualClock(Instant.now());
    try (Lessor lessor =
        Lessor.builder()
            .clock(clock)
            .scheduler(new ManualScheduler(clock))
            .revocationExecutor(Runnable::run)
            .build()) {
      lessor.mount("aws/", new AwsSecretsEngine());
      lessor.write("aws/config/root", target.rootConfig());
      lessor.write(
          "aws/roles/app",
          Map.of("policy", Walkthrough.EC2_POLICY, "ttl", "10m", "max_ttl", "10m"));
      cli.command(
          "LessorCredentialsProvider.builder().lessor(lessor).path(\"aws/creds/app\").build()");
      LessorCredentialsProvider provider =
          LessorCredentialsProvider.builder()
              .lessor(lessor)
              .path("aws/creds/app")
              .clock(clock)
              .scheduler(new ManualScheduler(clock))
              .executor(Runnable::run) // refreshes run as the clock moves, for the demo
              .build();
      try (StsClient sts = sts(provider)) {
        int failed = 0;
        String previous = null;
        int rotations = -1;
        for (int minute = 0; minute <= 18; minute += 9) {
          String arn = callerArn(sts);
          failed += arn.startsWith("arn:") ? 0 : 1;
          cli.command("aws sts get-caller-identity   # minute " + minute);
          cli.line(arn + "  (lease " + provider.leaseIds().get(0) + ")");
          rotations += arn.equals(previous) ? 0 : 1;
          previous = arn;
          clock.advance(Duration.ofMinutes(9)); // the provider rotates 2 minutes before expiry
        }
        cli.line("Rotations: " + rotations + ", failed calls: " + failed);
      } finally {
        provider.closeNow();
      }
      cli.line(
          "Provider closed; its leases left: " + lessor.leases().list("aws/creds/app/").size());
    }
  }

  private StsClient sts(LessorCredentialsProvider provider) {
    StsClientBuilder builder =
        StsClient.builder().region(Region.of(target.region())).credentialsProvider(provider);
    if (target.stsEndpoint() != null) {
      builder.endpointOverride(target.stsEndpoint());
    }
    return builder.build();
  }

  private static String callerArn(StsClient sts) {
    try {
      return sts.getCallerIdentity().arn();
    } catch (SdkException e) {
      return "refused: " + e.getMessage();
    }
  }
}
