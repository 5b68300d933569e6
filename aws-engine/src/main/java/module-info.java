/**
 * The AWS secrets engine ({@link dev.lessor.aws.AwsSecretsEngine}): IAM users and STS credentials
 * with leases, and {@link dev.lessor.aws.LessorCredentialsProvider}, an AWS SDK credentials
 * provider over a Lessor path.
 *
 * <p>The AWS SDK's jars are automatic modules. The engine talks HTTP through the JDK's {@code
 * java.net.http}, so no SDK HTTP client module is needed.
 */
// "requires-transitive-automatic": the SDK's jars have no module descriptors yet; the credentials
// provider implements the SDK's AwsCredentialsProvider, so its users must read the SDK's auth
// module.
@SuppressWarnings("requires-transitive-automatic")
module dev.lessor.aws {
  requires transitive dev.lessor.core;
  requires transitive software.amazon.awssdk.auth;
  requires transitive software.amazon.awssdk.utils;
  requires software.amazon.awssdk.awscore;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.protocols.jsoncore;
  requires software.amazon.awssdk.regions;
  requires software.amazon.awssdk.retries;
  requires software.amazon.awssdk.retries.api;
  requires software.amazon.awssdk.services.iam;
  requires software.amazon.awssdk.services.sts;
  requires com.github.benmanes.caffeine;
  requires java.net.http;
  requires org.slf4j;

  exports dev.lessor.aws;
}
