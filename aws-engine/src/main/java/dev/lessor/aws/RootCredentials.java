package dev.lessor.aws;

import dev.lessor.UpstreamException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Makes sure the mount has credentials to call AWS with before a request records a lease, so that a
 * mint that cannot make a single call fails at once, clearly, and leaves no lease behind.
 *
 * <p>Resolving credentials creates nothing outside the process, so doing it before the lease is
 * recorded keeps the core invariant. It may be a network call (container or instance metadata, web
 * identity): the SDK's provider caches what it finds until shortly before it expires, so that cost
 * is paid once per credential, not once per mint. Thread-safe.
 */
final class RootCredentials {
  static final String WHERE_THE_CHAIN_LOOKS =
      "the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the system"
          + " properties aws.accessKeyId and aws.secretAccessKey, a web identity token"
          + " (AWS_WEB_IDENTITY_TOKEN_FILE), the shared profile files (~/.aws/credentials and"
          + " ~/.aws/config, profile AWS_PROFILE or default), and container and EC2 instance"
          + " metadata";

  private static final Logger log = LoggerFactory.getLogger(RootCredentials.class);

  private final MountState state;
  private final AtomicBoolean toldDefaultChain = new AtomicBoolean();

  RootCredentials(MountState state) {
    this.state = state;
  }

  /**
   * Resolves the credentials of the mount's clients.
   *
   * @throws UpstreamException not retryable, saying where the engine looked, when there are none
   */
  void require() {
    RootConfig config = state.rootConfig();
    AwsClients clients = state.clients();
    if (config.accessKey() == null && toldDefaultChain.compareAndSet(false, true)) {
      logDefaultChain(config, clients);
    }
    try {
      clients.credentials().resolveCredentials();
    } catch (SdkException e) {
      throw new UpstreamException(
          "no AWS credentials for "
              + state.mountPath()
              + ": "
              + state.mountPath()
              + "config/root has no access_key, and the AWS SDK's default credentials chain"
              + " found none; it looked at "
              + WHERE_THE_CHAIN_LOOKS
              + ". Write access_key and secret_key to "
              + state.mountPath()
              + "config/root or give the process credentials. No lease was created.",
          "NoCredentials",
          false,
          e);
    }
  }

  /** Says once per mount that the engine relies on the environment for credentials. */
  private void logDefaultChain(RootConfig config, AwsClients clients) {
    log.info(
        "{}config/root has no access_key: the AWS engine uses the AWS SDK's default credentials"
            + " chain ({}), region {}, IAM endpoint {}, STS endpoint {}",
        state.mountPath(),
        WHERE_THE_CHAIN_LOOKS,
        clients.iam().serviceClientConfiguration().region(),
        config.iamEndpoint() == null ? "of AWS" : config.iamEndpoint(),
        config.stsEndpoint() == null ? "of AWS" : config.stsEndpoint());
  }
}
