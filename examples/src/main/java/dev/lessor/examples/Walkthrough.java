package dev.lessor.examples;

import dev.lessor.Lease;
import dev.lessor.Lessor;
import dev.lessor.Response;
import dev.lessor.aws.AwsSecretsEngine;
import dev.lessor.jdbc.EncryptionKey;
import dev.lessor.jdbc.JdbcStores;
import dev.lessor.testing.LocalIam;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed flow, stage by stage, printed like the CLI of a secrets server: enable the AWS engine,
 * give it root credentials, write a role with an EC2 policy, read credentials twice, look up, renew
 * and revoke a lease, watch a short lease expire, then list and revoke by prefix. Each minted key
 * is checked with STS GetCallerIdentity: it works while its lease lives and stops when it ends.
 * Then an SDK client signs with a {@code LessorCredentialsProvider} while its key rotates twice,
 * and last a static role rotates the key of an existing IAM user twice: the previous key stops
 * working once the overlap ends.
 *
 * <p>By default it runs against {@link LocalIam}, an IAM and STS emulator in this process: no AWS
 * account is needed. Arguments:
 *
 * <ul>
 *   <li>{@code --aws}: run against real AWS with the environment's credentials (the AWS SDK's
 *       default chain; region from {@code AWS_REGION}, else us-east-1). It creates IAM users under
 *       the path {@code /lessor/aws/} and deletes them before it ends.
 *   <li>{@code --show-secrets}: print secret keys instead of masking them.
 * </ul>
 *
 * <p>Not thread-safe: one run at a time per instance.
 */
public final class Walkthrough {
  static final String EC2_POLICY =
      """
      {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Effect": "Allow",
            "Action": "ec2:*",
            "Resource": "*"
          }
        ]
      }""";

  /**
   * Where the walkthrough runs.
   *
   * @param rootConfig what to write to {@code aws/config/root}
   * @param stsEndpoint the STS endpoint for key checks, or null for real AWS
   * @param region the region
   */
  record Target(Map<String, Object> rootConfig, URI stsEndpoint, String region) {}

  private final CliOutput cli;
  private final Target target;
  private final Duration shortTtl;
  private final KeyCheck keys;
  private final Path storeDir;

  Walkthrough(PrintStream out, boolean showSecrets, Target target, Duration shortTtl) {
    this(out, showSecrets, target, shortTtl, null);
  }

  /**
   * A walkthrough whose Lessor keeps its leases in the embedded durable store (SQLite) in {@code
   * storeDir}, or in memory if null.
   */
  Walkthrough(
      PrintStream out, boolean showSecrets, Target target, Duration shortTtl, Path storeDir) {
    this.cli = new CliOutput(out, showSecrets);
    this.target = target;
    this.shortTtl = shortTtl;
    this.keys = new KeyCheck(target.stsEndpoint(), target.region());
    this.storeDir = storeDir;
  }

  public static void main(String[] args) {
    List<String> options = List.of(args);
    boolean showSecrets = options.contains("--show-secrets");
    // --h2 is the option's old name, kept so that existing scripts go on working.
    int store = Math.max(options.indexOf("--store"), options.indexOf("--h2"));
    Path storeDir =
        store >= 0 && store + 1 < options.size() ? Path.of(options.get(store + 1)) : null;
    if (options.contains("--aws")) {
      String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
      new Walkthrough(
              System.out,
              showSecrets,
              new Target(Map.of("region", region), null, region),
              Duration.ofSeconds(20),
              storeDir)
          .run();
      return;
    }
    try (LocalIam iam = LocalIam.start()) {
      new Walkthrough(System.out, showSecrets, localIam(iam), Duration.ofSeconds(3), storeDir)
          .run();
    }
  }

  /** The target for a running LocalIam, configured with its root key. */
  static Target localIam(LocalIam iam) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("access_key", iam.adminAccessKeyId());
    root.put("secret_key", iam.adminSecretAccessKey());
    root.put("region", iam.region());
    root.put("iam_endpoint", iam.endpoint().toString());
    root.put("sts_endpoint", iam.endpoint().toString());
    return new Target(root, iam.endpoint(), iam.region());
  }

  /** Runs every stage with a Lessor of its own. */
  void run() {
    try (JdbcStores stores = storeDir == null ? null : durableStores(storeDir);
        Lessor lessor = lessorOn(stores)) {
      configure(lessor);
      Response first = readCredsTwice(lessor);
      String id = first.lease().orElseThrow().id();
      lookupAndRenew(lessor, id);

      cli.stage("7. Revoke a lease early");
      cli.command("lease revoke " + id);
      lessor.leases().revoke(id);
      cli.line("Success! Revoked lease: " + id);
      checkKey("the revoked key", first);

      expireShortLease(lessor);
      listAndRevokePrefix(lessor);
    }
    new ProviderStage(cli, target).run();
    new StaticRoleStage(cli, target).run();
  }

  private static JdbcStores durableStores(Path dir) {
    return System.getenv("LESSOR_KEY") == null
        ? JdbcStores.embedded(dir)
        : JdbcStores.embedded(dir, EncryptionKey.fromEnvironment("LESSOR_KEY"));
  }

  private static Lessor lessorOn(JdbcStores stores) {
    return stores == null
        ? Lessor.builder().build()
        : Lessor.builder().leaseStore(stores.leaseStore()).storage(stores.storage()).build();
  }

  private void configure(Lessor lessor) {
    cli.stage("1. Enable the AWS secrets engine");
    cli.command("secrets enable -path=aws aws");
    lessor.mount("aws/", new AwsSecretsEngine());
    cli.line("Success! Enabled the aws secrets engine at: aws/");

    cli.stage("2. Give it root credentials");
    Map<String, Object> root = target.rootConfig();
    cli.command(
        "write aws/config/root"
            + (root.containsKey("access_key")
                ? " access_key=" + root.get("access_key") + " secret_key=****"
                : " (no keys: the AWS SDK's default credentials chain)")
            + " region="
            + target.region());
    lessor.write("aws/config/root", root);
    cli.line("Success! Data written to: aws/config/root");

    cli.stage("3. Write a role with an IAM policy");
    cli.command("write aws/roles/my-role policy=-<<EOF\n" + EC2_POLICY + "\nEOF");
    lessor.write("aws/roles/my-role", Map.of("policy", EC2_POLICY));
    cli.line("Success! Data written to: aws/roles/my-role");
  }

  private Response readCredsTwice(Lessor lessor) {
    cli.stage("4. Read credentials: each read makes a new IAM user and access key");
    cli.command("read aws/creds/my-role");
    Response first = lessor.read("aws/creds/my-role");
    cli.response(first);
    cli.command("read aws/creds/my-role");
    Response second = lessor.read("aws/creds/my-role");
    cli.response(second);
    cli.line(
        "Two different key pairs: "
            + !first.string("access_key").equals(second.string("access_key")));
    checkKey("the first key", first);
    return first;
  }

  private void lookupAndRenew(Lessor lessor, String id) {
    cli.stage("5. Look up the lease");
    cli.command("lease lookup " + id);
    cli.table(lessor.write("sys/leases/lookup", Map.of("lease_id", id)).data());

    cli.stage("6. Renew it");
    cli.command("lease renew -increment=1h " + id);
    Response renewed = lessor.write("sys/leases/renew", Map.of("lease_id", id, "increment", "1h"));
    Lease lease = renewed.lease().orElseThrow();
    cli.response(Response.empty().withLease(lease).withWarnings(renewed.warnings()));
  }

  private void expireShortLease(Lessor lessor) {
    cli.stage("8. Let a short lease expire");
    String ttl = shortTtl.toSeconds() + "s";
    cli.command("write aws/roles/short-lived policy=@policy.json ttl=" + ttl);
    lessor.write("aws/roles/short-lived", Map.of("policy", EC2_POLICY, "ttl", ttl));
    cli.command("read aws/creds/short-lived");
    Response creds = lessor.read("aws/creds/short-lived");
    cli.response(creds);
    checkKey("the short-lived key", creds);
    String id = creds.lease().orElseThrow().id();
    cli.line("... waiting for the lease to expire ...");
    long deadline = System.nanoTime() + shortTtl.plusSeconds(60).toNanos();
    while (lessor.leases().lookup(id).isPresent() && System.nanoTime() < deadline) {
      pause();
    }
    cli.line(
        lessor.leases().lookup(id).isPresent()
            ? "The lease is still there (revocation is being retried)"
            : "The lease expired and Lessor revoked it: " + id);
    checkKey("the expired key", creds);
  }

  private void listAndRevokePrefix(Lessor lessor) {
    cli.stage("9. List leases and revoke by prefix");
    cli.command("list sys/leases/lookup/aws/creds/");
    cli.table(Map.of("keys", lessor.leases().list("aws/creds/")));
    cli.command("lease revoke -prefix aws/creds/");
    int revoked = lessor.leases().revokePrefix("aws/creds/");
    cli.line("Success! Revoked " + revoked + " lease(s) under aws/creds/");
    cli.line("Leases left: " + lessor.leases().list("aws/").size());
  }

  private void checkKey(String which, Response creds) {
    boolean shouldWork = !which.contains("revoked") && !which.contains("expired");
    cli.command("aws sts get-caller-identity   # with " + which);
    cli.line(shouldWork ? keys.awaitAccepted(creds) : keys.awaitRefused(creds));
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
