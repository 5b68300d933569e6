package dev.lessor.aws;

import dev.lessor.Lease;
import dev.lessor.Lessor;
import dev.lessor.LessorException;
import dev.lessor.NotFoundException;
import dev.lessor.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Mints and renews a provider's credentials through the Lessor, and turns responses into SDK
 * credentials.
 *
 * <p>A new IAM user key is handed out only once it works: for {@code iam_user} roles the request
 * asks the engine for {@code wait_ready}, whose check polls STS with the new key until it is
 * accepted (IAM keys take seconds to work everywhere). STS credentials work at once. The role's
 * type is read from {@code roles/<name>} before each mint, so a role rewritten as another type is
 * followed. Thread-safe.
 */
final class CredentialMinter {
  private final Lessor lessor;
  private final String path;
  private final Map<String, Object> request;
  private final Clock clock;
  private final String providerName;
  private final String rolePath;

  CredentialMinter(ProviderSettings s) {
    this.lessor = s.lessor();
    this.path = s.path();
    this.request = s.request();
    this.clock = s.clock();
    this.providerName = s.providerName();
    this.rolePath = rolePath(s.path());
  }

  /** {@code <mount>roles/<name>} for a {@code <mount>creds/<name>} path; null otherwise. */
  private static String rolePath(String path) {
    int name = path.lastIndexOf('/');
    int creds = path.lastIndexOf("/creds/");
    if (creds >= 0 && creds + "/creds".length() == name) {
      return path.substring(0, creds) + "/roles/" + path.substring(name + 1);
    }
    if (path.startsWith("creds/") && name == "creds".length()) {
      return "roles/" + path.substring(name + 1);
    }
    return null;
  }

  /** Mints a credential; for IAM users it returns once the key works. */
  HeldCredential mint() {
    Map<String, Object> data = new LinkedHashMap<>(request);
    if (issuesIamUsers()) {
      data.put("wait_ready", true);
    }
    Response response = lessor.read(path, data);
    Lease lease =
        response
            .lease()
            .orElseThrow(() -> new LessorException(path + " returned a secret with no lease"));
    String accessKey = response.string("access_key");
    String secretKey = response.string("secret_key");
    if (accessKey == null || secretKey == null) {
      throw new LessorException(
          path + " returned no access_key and secret_key: not an AWS credentials path");
    }
    String token = response.string("session_token");
    if (token == null) {
      token = response.string("security_token");
    }
    AwsCredentials credentials =
        token == null
            ? AwsBasicCredentials.builder()
                .accessKeyId(accessKey)
                .secretAccessKey(secretKey)
                .providerName(providerName)
                .build()
            : AwsSessionCredentials.builder()
                .accessKeyId(accessKey)
                .secretAccessKey(secretKey)
                .sessionToken(token)
                .expirationTime(lease.expireTime())
                .providerName(providerName)
                .build();
    return HeldCredential.of(lease, credentials, clock.instant());
  }

  /** Renews the lease of {@code held}; the key stays the same. */
  HeldCredential renew(HeldCredential held) {
    Duration increment = (Duration) request.getOrDefault("ttl", Duration.ZERO);
    Lease renewed = lessor.leases().renew(held.id(), increment);
    return held.renewed(renewed, clock.instant());
  }

  /** Revokes a lease; one already gone counts as revoked. */
  void revoke(String leaseId) {
    try {
      lessor.leases().revoke(leaseId);
    } catch (NotFoundException e) {
      // revoked by someone else, or expired: nothing left to do
    }
  }

  private boolean issuesIamUsers() {
    if (rolePath == null) {
      return false; // sts/<name> and other paths issue no IAM users
    }
    try {
      Object type = lessor.read(rolePath).data().get("credential_type");
      return CredentialType.IAM_USER.wireName().equals(String.valueOf(type));
    } catch (NotFoundException e) {
      return false; // the mint names the missing role
    }
  }
}
