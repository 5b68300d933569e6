package dev.lessor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.InvalidRequestException;
import dev.lessor.Lessor;
import dev.lessor.Response;
import dev.lessor.aws.AwsSecretsEngine;
import dev.lessor.testing.LocalIam;
import dev.lessor.testing.ManualClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The session_token and MFA role fields and config/root's STS routing fields survive a restart on
 * each embedded store, and are in effect afterwards: the fallback endpoint serves the mint while
 * the primary refuses connections, and the MFA role still demands its code.
 */
class AwsStsConfigRestartIT {
  private static final EncryptionKey KEY = TestKeys.key(9);
  private static final String SERIAL = "arn:aws:iam::123456789012:mfa/operator";

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "h2"})
  void restart_stsRoutingAndSessionTokenRoles_comeBackAndWork(String kind) throws IOException {
    String closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = "http://127.0.0.1:" + socket.getLocalPort();
    }
    ManualClock clock = new ManualClock();
    try (LocalIam iam = LocalIam.builder().clock(clock).start()) {
      String fallback = "http://localhost:" + iam.endpoint().getPort();
      Map<String, Object> root;
      Map<String, Object> mfaRole;
      Map<String, Object> plainRole;
      try (JdbcStores stores = EmbeddedStores.open(kind, dir, KEY);
          Lessor first = TestLessors.onManualClock(stores, clock).build()) {
        first.mount("aws/", new AwsSecretsEngine());
        first.write(
            "aws/config/root",
            Map.of(
                "access_key", iam.adminAccessKeyId(),
                "secret_key", iam.adminSecretAccessKey(),
                "region", iam.region(),
                "iam_endpoint", iam.endpoint().toString(),
                "sts_endpoint", closedPort,
                "max_retries", 0,
                "sts_region", "eu-central-1",
                "sts_fallback_endpoints", List.of(closedPort, fallback),
                "sts_fallback_regions", List.of("eu-west-1", "us-west-2")));
        first.write(
            "aws/roles/mfa",
            Map.of(
                "credential_type", "session_token",
                "mfa_serial_number", SERIAL,
                "default_sts_ttl", "2h",
                "max_sts_ttl", "36h"));
        first.write("aws/roles/plain", Map.of("credential_type", "session_token"));
        root = first.read("aws/config/root").data();
        mfaRole = first.read("aws/roles/mfa").data();
        plainRole = first.read("aws/roles/plain").data();
      }

      try (JdbcStores stores = EmbeddedStores.open(kind, dir, KEY);
          Lessor second = TestLessors.onManualClock(stores, clock).build()) {
        second.mount("aws/", new AwsSecretsEngine());

        assertThat(second.read("aws/config/root").data())
            .isEqualTo(root)
            .containsEntry("sts_region", "eu-central-1")
            .containsEntry("sts_fallback_endpoints", List.of(closedPort, fallback))
            .containsEntry("sts_fallback_regions", List.of("eu-west-1", "us-west-2"));
        assertThat(second.read("aws/roles/mfa").data())
            .isEqualTo(mfaRole)
            .containsEntry("credential_type", "session_token")
            .containsEntry("mfa_serial_number", SERIAL)
            .containsEntry("max_sts_ttl", "36h");
        assertThat(second.read("aws/roles/plain").data()).isEqualTo(plainRole);

        Response creds = second.read("aws/creds/plain");
        assertThat(creds.string("access_key")).startsWith("ASIA");
        assertThat(iam.sessions()).hasSize(1);
        assertThatThrownBy(() -> second.read("aws/creds/mfa"))
            .isInstanceOfSatisfying(
                InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("mfa_code"));
      }
    }
  }
}
