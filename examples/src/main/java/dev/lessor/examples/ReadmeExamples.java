package dev.lessor.examples;

import dev.lessor.Lessor;
import dev.lessor.Response;
import dev.lessor.aws.AwsSecretsEngine;
import dev.lessor.aws.LessorCredentialsProvider;
import dev.lessor.jdbc.EncryptionKey;
import dev.lessor.jdbc.JdbcStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The README's code blocks that need real AWS or a real deployment (root keys, a data directory, a
 * PostgreSQL pool), so the build compiles them but does not run them. Each block is the region
 * between {@code readme:begin} and {@code readme:end}, which ReadmeSnippetsTest matches against
 * README.md; the blocks that run against LocalIam or the fake engine are in the tests
 * (ReadmeLocalIamTest, MyServiceTest). Spotless leaves the regions in the README's layout (see the
 * root pom).
 */
@SuppressWarnings("unused") // values a reader would use, kept to match the README
final class ReadmeExamples {
  private ReadmeExamples() {}

  /** README's opening example. */
  static void intro(String policyJson) {
    // readme:begin intro
    try (Lessor lessor = Lessor.builder().build()) {
      lessor.mount("aws/", new AwsSecretsEngine());
      lessor.write("aws/config/root", Map.of("access_key", "...", "secret_key", "...", "region", "us-east-1"));
      lessor.write("aws/roles/my-role",
          Map.of("credential_type", "iam_user", "policy_document", policyJson));
      Response creds = lessor.read("aws/creds/my-role");   // a brand-new IAM user and access key
      lessor.leases().revoke(creds.lease().orElseThrow().id());   // ...and they are gone
    }
    // readme:end intro
  }

  /** "Use the credentials": an AWS SDK client on LessorCredentialsProvider. */
  static void credentialsProvider(Lessor lessor) {
    // readme:begin credentials-provider
    try (LessorCredentialsProvider credentials = LessorCredentialsProvider.builder()
            .lessor(lessor)
            .path("aws/creds/my-role")
            .ttl(Duration.ofHours(1))
            .build();
         StsClient sts = StsClient.builder().credentialsProvider(credentials).build()) {
      sts.getCallerIdentity();   // build the client once (any SDK client): the key rotates under it
    }                            // closing revokes the provider's leases (after the overlap)
    // readme:end credentials-provider
  }

  /** "Concepts": the builder's settings. */
  static Lessor settings(ScheduledExecutorService hostScheduledExecutor, JdbcStores stores) {
    // readme:begin settings
    Lessor lessor = Lessor.builder()
        .defaultLeaseTtl(Duration.ofHours(1))     // default 768h
        .maxLeaseTtl(Duration.ofHours(24))        // default 768h
        .revocationConcurrency(8)                 // default 16
        .revocationRateLimit(20)                  // per second; default unlimited
        .scheduler(hostScheduledExecutor)         // default: one daemon thread of its own
        .closeTimeout(Duration.ofSeconds(30))     // how long close() waits for requests and revocations
        .leaseStore(stores.leaseStore())          // default in memory; see "Durable leases"
        .storage(stores.storage())
        .build();
    // readme:end settings
    return lessor;
  }

  /** "The AWS engine": the seed flow. */
  static void seedFlow(Lessor lessor) {
    // readme:begin seed-flow
    lessor.mount("aws/", new AwsSecretsEngine());
    lessor.write("aws/config/root", Map.of("access_key", "AKIA...", "secret_key", "...", "region", "us-east-1"));
    lessor.write("aws/roles/my-role", Map.of("credential_type", "iam_user", "policy_document", """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}"""));
    Response r = lessor.read("aws/creds/my-role");
    r.string("access_key");                      // AKIA...
    r.data().get("secret_key");                  // a SecretValue, prints ***; r.string("secret_key") reveals it
    r.data().get("session_token");               // null for IAM users (also as security_token)
    r.lease().orElseThrow().id();                // aws/creds/my-role/<random>, 768h by default, renewable
    lessor.leases().revoke(r.lease().orElseThrow().id());   // the IAM user and its key are deleted
    // readme:end seed-flow
  }

  /** "Durable leases": the embedded store, and PostgreSQL. */
  static JdbcStores durable(DataSource hikariDataSource, byte[] keyBytes) {
    // readme:begin durable
    // One process: an embedded database (SQLite) in a directory of its own. One process per directory.
    try (JdbcStores stores = JdbcStores.embedded(Path.of("/var/lib/myapp/lessor"),
            EncryptionKey.fromEnvironment("LESSOR_KEY"));   // 32 bytes, Base64: openssl rand -base64 32
        Lessor lessor = Lessor.builder()
            .leaseStore(stores.leaseStore())
            .storage(stores.storage())
            .build()) {
      lessor.mount("aws/", new AwsSecretsEngine());   // mounts live in code: mount again at each start
      runApplication(lessor);
    }

    // Many instances: PostgreSQL through the application's own (pooled) DataSource.
    JdbcStores stores = JdbcStores.postgres(hikariDataSource, EncryptionKey.of(keyBytes));
    // readme:end durable
    return stores;
  }

  /** Stands for the application's own work. */
  private static void runApplication(Lessor lessor) {}
}
