package dev.lessor.aws;

import dev.lessor.SecretValue;
import dev.lessor.internal.Durations;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The mount's {@code config/root}: how to reach AWS and as whom. Immutable and thread-safe; its
 * {@code toString} leaves out the secret key. Equal configs share cached clients.
 *
 * @param accessKey the root access key id, or {@code null} to use the AWS SDK's default credentials
 *     chain
 * @param secretKey the root secret key, or {@code null} with {@code accessKey}
 * @param region the region, or {@code null} for the SDK's region chain (falling back to us-east-1)
 * @param iamEndpoint an IAM endpoint override, or {@code null}
 * @param stsEndpoint an STS endpoint override, or {@code null}
 * @param maxRetries retries per AWS call; {@code -1} for the SDK's default
 * @param usernameTemplate the template for IAM user and session names
 * @param iamRateLimit IAM calls per second for this mount, or 0 for no limit
 * @param waitReadyTimeout how long {@code wait_ready} waits for a new key to work
 * @param stsRouting the STS region and fallback endpoints
 */
record RootConfig(
    String accessKey,
    SecretValue secretKey,
    String region,
    URI iamEndpoint,
    URI stsEndpoint,
    int maxRetries,
    String usernameTemplate,
    double iamRateLimit,
    Duration waitReadyTimeout,
    StsRouting stsRouting) {

  static final Duration DEFAULT_WAIT_READY_TIMEOUT = Duration.ofMinutes(1);

  RootConfig {
    Objects.requireNonNull(usernameTemplate, "usernameTemplate");
    Objects.requireNonNull(waitReadyTimeout, "waitReadyTimeout");
    Objects.requireNonNull(stsRouting, "stsRouting");
    if ((accessKey == null) != (secretKey == null)) {
      throw new IllegalArgumentException("accessKey and secretKey go together");
    }
  }

  /** The config of a mount that was never configured: default chain, default everything. */
  static RootConfig defaults() {
    return new RootConfig(
        null,
        null,
        null,
        null,
        null,
        -1,
        UsernameTemplate.DEFAULT,
        0,
        DEFAULT_WAIT_READY_TIMEOUT,
        StsRouting.NONE);
  }

  Optional<String> staticAccessKey() {
    return Optional.ofNullable(accessKey);
  }

  /** This config with another root key pair, as after a rotation. */
  RootConfig withKeys(String newAccessKey, SecretValue newSecretKey) {
    return new RootConfig(
        newAccessKey,
        newSecretKey,
        region,
        iamEndpoint,
        stsEndpoint,
        maxRetries,
        usernameTemplate,
        iamRateLimit,
        waitReadyTimeout,
        stsRouting);
  }

  /** What {@code config/root} READ returns: everything but the secret key. */
  Map<String, Object> publicData() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("access_key", accessKey);
    out.put("region", region);
    out.put("iam_endpoint", iamEndpoint == null ? null : iamEndpoint.toString());
    out.put("sts_endpoint", stsEndpoint == null ? null : stsEndpoint.toString());
    out.put("max_retries", maxRetries);
    out.put("username_template", usernameTemplate);
    out.put("iam_rate_limit", iamRateLimit);
    out.put("wait_ready_timeout", Durations.format(waitReadyTimeout));
    out.putAll(stsRouting.publicData());
    return out;
  }

  /**
   * The stored form. The secret key is part of it: the mount's {@link dev.lessor.store.Storage}
   * holds it as bytes, which a durable store encrypts at rest.
   */
  byte[] encode() {
    Map<String, Object> fields = new LinkedHashMap<>(publicData());
    fields.put("secret_key", secretKey == null ? null : secretKey.reveal());
    fields.put("wait_ready_timeout", waitReadyTimeout.toMillis());
    return Json.write(fields);
  }

  static RootConfig decode(byte[] bytes) {
    JsonNode node = Json.parse(bytes);
    String secret = Json.string(node, "secret_key");
    String iam = Json.string(node, "iam_endpoint");
    String sts = Json.string(node, "sts_endpoint");
    return new RootConfig(
        Json.string(node, "access_key"),
        secret == null ? null : SecretValue.of(secret),
        Json.string(node, "region"),
        iam == null ? null : URI.create(iam),
        sts == null ? null : URI.create(sts),
        (int) Json.number(node, "max_retries", -1),
        Json.string(node, "username_template", UsernameTemplate.DEFAULT),
        Json.decimal(node, "iam_rate_limit"),
        Duration.ofMillis(
            Json.number(node, "wait_ready_timeout", DEFAULT_WAIT_READY_TIMEOUT.toMillis())),
        StsRouting.decode(node));
  }

  @Override
  public String toString() {
    return "RootConfig" + publicData();
  }
}
