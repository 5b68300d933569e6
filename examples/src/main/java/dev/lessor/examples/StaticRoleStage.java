package dev.lessor.examples;

import dev.lessor.Lessor;
import dev.lessor.Response;
import dev.lessor.aws.AwsSecretsEngine;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.IamClientBuilder;

/**
 * The walkthrough's static-role stage: Lessor rotates the access key of an IAM user that exists
 * already (made here, and deleted at the end). A Lessor of its own runs on a manual clock, so that
 * two one-hour rotation periods pass in an instant; the keys are real, and each is checked with
 * STS: the previous key keeps working through the overlap and stops after it.
 */
final class StaticRoleStage {
  private static final String USER = "lessor-walkthrough-app";

  private final CliOutput cli;
  private final Walkthrough.Target target;
  private final KeyCheck keys;

  StaticRoleStage(CliOutput cli, Walkthrough.Target target) {
    this.cli = cli;
    this.target = target;
    this.keys = new KeyCheck(target.stsEndpoint(), target.region());
  }

  void run() {
    cli.stage("11. Static role: Lessor rotates the key of an existing IAM user");
    ManualClock clock = new ManualClock(Instant.now());
    try (IamClient admin = admin();
        Lessor lessor =
            Lessor.builder()
                .clock(clock)
                .scheduler(new ManualScheduler(clock))
                .revocationExecutor(Runnable::run)
                .build()) {
      admin.createUser(r -> r.userName(USER));
      try {
        lessor.mount("aws/", new AwsSecretsEngine());
        lessor.write("aws/config/root", target.rootConfig());
        cli.command(
            "write aws/static-roles/app username="
                + USER
                + " rotation_period=1h rotation_overlap=5m");
        lessor.write(
            "aws/static-roles/app",
            Map.of("username", USER, "rotation_period", "1h", "rotation_overlap", "5m"));
        cli.line("Success! Data written to: aws/static-roles/app");
        Response current = read(lessor);
        for (int rotation = 1; rotation <= 2; rotation++) {
          cli.line("# one hour later: rotation " + rotation);
          clock.advance(Duration.ofHours(1));
          Response previous = current;
          current = read(lessor);
          check("the new key", current, true);
          check("the previous key, within the overlap", previous, true);
          cli.line("# five minutes later: the overlap is over");
          clock.advance(Duration.ofMinutes(5));
          check("the previous key, after the overlap", previous, false);
        }
        cli.command("delete aws/static-roles/app");
        lessor.delete("aws/static-roles/app");
        cli.line("Success! Rotation stopped; the user and its current key are left alone");
      } finally {
        deleteUser(admin);
      }
    }
  }

  private Response read(Lessor lessor) {
    cli.command("read aws/static-creds/app");
    Response creds = lessor.read("aws/static-creds/app");
    cli.response(creds);
    return creds;
  }

  private void check(String which, Response creds, boolean shouldWork) {
    cli.command("aws sts get-caller-identity   # with " + which);
    cli.line(shouldWork ? keys.awaitAccepted(creds) : keys.awaitRefused(creds));
  }

  /** An IAM client with the root config's key (or the default chain), to make the user. */
  private IamClient admin() {
    IamClientBuilder builder = IamClient.builder().region(Region.of(target.region()));
    Map<String, Object> root = target.rootConfig();
    if (root.containsKey("access_key")) {
      builder.credentialsProvider(
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(
                  (String) root.get("access_key"), (String) root.get("secret_key"))));
    }
    if (root.containsKey("iam_endpoint")) {
      builder.endpointOverride(java.net.URI.create((String) root.get("iam_endpoint")));
    }
    return builder.build();
  }

  /** The walkthrough leaves no IAM user behind: the key Lessor left alone goes with the user. */
  private static void deleteUser(IamClient admin) {
    admin
        .listAccessKeys(r -> r.userName(USER))
        .accessKeyMetadata()
        .forEach(k -> admin.deleteAccessKey(r -> r.userName(USER).accessKeyId(k.accessKeyId())));
    admin.deleteUser(r -> r.userName(USER));
  }
}
