package dev.lessor.modularapp;

import dev.lessor.Lessor;
import dev.lessor.Response;
import dev.lessor.aws.AwsSecretsEngine;
import dev.lessor.jdbc.JdbcStores;
import dev.lessor.micrometer.LessorMetrics;
import dev.lessor.testing.FakeSecretsEngine;
import dev.lessor.testing.LocalIam;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A flow through every Lessor module; returns what each step saw, for the test to check. */
public final class ModularApp {
  private static final String POLICY =
      "{\"Version\": \"2012-10-17\", \"Statement\": "
          + "[{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}";

  private ModularApp() {}

  /** Runs the flows, with the embedded store in {@code storeDir}. */
  public static Map<String, String> run(Path storeDir) {
    Map<String, String> seen = new LinkedHashMap<>();
    seen.put("module", ModularApp.class.getModule().getName());

    // The core and the test kit: a fake engine's lease, revoked at expiry.
    ManualClock clock = new ManualClock();
    FakeSecretsEngine db = new FakeSecretsEngine();
    try (Lessor lessor =
        Lessor.builder()
            .clock(clock)
            .scheduler(new ManualScheduler(clock))
            .revocationExecutor(Runnable::run)
            .build()) {
      lessor.mount("db/", db);
      Response read = lessor.read("db/creds/app", Map.of("ttl", "15m"));
      String user = read.string("username");
      seen.put("fake.lease", read.lease().orElseThrow().id());
      seen.put("fake.liveBeforeExpiry", String.valueOf(db.isLive(user)));
      clock.advance(Duration.ofMinutes(15));
      seen.put("fake.liveAfterExpiry", String.valueOf(db.isLive(user)));
    }

    // The AWS engine (the AWS SDK as automatic modules) against LocalIam, on the embedded store
    // (SQLite, an optional driver), with the Micrometer binder.
    try (LocalIam iam = LocalIam.start();
        JdbcStores stores = JdbcStores.embedded(storeDir);
        Lessor lessor =
            Lessor.builder().leaseStore(stores.leaseStore()).storage(stores.storage()).build()) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      LessorMetrics.of(lessor).bindTo(registry);
      lessor.mount("aws/", new AwsSecretsEngine());
      lessor.write(
          "aws/config/root",
          Map.of(
              "access_key", iam.adminAccessKeyId(),
              "secret_key", iam.adminSecretAccessKey(),
              "region", iam.region(),
              "iam_endpoint", iam.endpoint().toString(),
              "sts_endpoint", iam.endpoint().toString()));
      lessor.write(
          "aws/roles/app", Map.of("credential_type", "iam_user", "policy_document", POLICY));
      Response creds = lessor.read("aws/creds/app");
      seen.put("aws.accessKey", creds.string("access_key"));
      seen.put("aws.usersAfterMint", String.valueOf(iam.users().size()));
      seen.put("jdbc.leases", String.valueOf(lessor.leases().list("aws/").size()));
      lessor.leases().revoke(creds.lease().orElseThrow().id());
      seen.put("aws.usersAfterRevoke", String.valueOf(iam.users().size()));
      seen.put(
          "metrics.issued",
          String.valueOf(registry.get(LessorMetrics.ISSUED).counter().count()));
    }
    return seen;
  }
}
