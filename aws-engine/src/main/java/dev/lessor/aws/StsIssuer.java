package dev.lessor.aws;

import dev.lessor.InvalidRequestException;
import dev.lessor.Response;
import dev.lessor.SecretValue;
import dev.lessor.spi.Durations;
import dev.lessor.spi.LeaseTerms;
import dev.lessor.spi.PendingLease;
import dev.lessor.spi.Request;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * Mints STS credentials ({@code assumed_role}, {@code federation_token}). They carry a session
 * token, cannot be renewed, and cannot be revoked early: AWS has no call that ends a session, so
 * revoking the lease only drops its record and the credential works until its own expiry. The TTL
 * stays within STS limits: at least 15 minutes, at most the role's {@code max_sts_ttl} or the STS
 * maximum (12 h for AssumeRole, 36 h for federation tokens). Thread-safe.
 */
final class StsIssuer {
  static final Duration DEFAULT_TTL = Duration.ofHours(1);
  static final Duration ASSUME_ROLE_MAX = Duration.ofHours(12);

  private final MountState state;

  StsIssuer(MountState state) {
    this.state = state;
  }

  Response issue(Request request, RoleEntry role) {
    Response.Builder out = Response.builder();
    Duration ttl = ttl(request, role, out);
    String sessionName = sessionName(request, role);
    Map<String, String> internal =
        Map.of(LeaseData.TYPE, role.type().wireName(), LeaseData.ROLE, role.name());
    if (role.type() == CredentialType.ASSUMED_ROLE) {
      String roleArn = chooseRoleArn(request, role);
      PendingLease lease = request.beginLease(LeaseTerms.fixed(ttl), internal);
      AssumeRoleResponse response =
          call("AssumeRole " + roleArn, lease, () -> assumeRole(role, roleArn, sessionName, ttl));
      return withCredentials(out, response.credentials(), ttl)
          .put("arn", response.assumedRoleUser().arn())
          .build();
    }
    PendingLease lease = request.beginLease(LeaseTerms.fixed(ttl), internal);
    Credentials credentials =
        call(
            "GetFederationToken " + sessionName,
            lease,
            () ->
                sts()
                    .getFederationToken(
                        r ->
                            r.name(sessionName)
                                .durationSeconds((int) ttl.toSeconds())
                                .policy(role.policyDocument())
                                .policyArns(descriptors(role.policyArns())))
                    .credentials());
    return withCredentials(out, credentials, ttl).build();
  }

  private AssumeRoleResponse assumeRole(
      RoleEntry role, String roleArn, String sessionName, Duration ttl) {
    List<Tag> tags =
        role.sessionTags().entrySet().stream()
            .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
            .toList();
    return sts()
        .assumeRole(
            r ->
                r.roleArn(roleArn)
                    .roleSessionName(sessionName)
                    .durationSeconds((int) ttl.toSeconds())
                    .policy(role.policyDocument())
                    .policyArns(descriptors(role.policyArns()))
                    .externalId(role.externalId())
                    .tags(tags.isEmpty() ? null : tags));
  }

  private StsClient sts() {
    return state.clients().sts();
  }

  private static <T> T call(String what, PendingLease lease, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw AwsErrors.translate(what + " for lease " + lease.id(), e);
    }
  }

  private Response.Builder withCredentials(
      Response.Builder out, Credentials credentials, Duration ttl) {
    java.time.Instant expected = state.clock().instant().plus(ttl);
    if (credentials.expiration() != null
        && credentials.expiration().isBefore(expected.minus(Duration.ofMinutes(1)))) {
      out.warning(
          "STS issued the credential until "
              + credentials.expiration()
              + ", before the lease ends; STS caps some sessions (root credentials: 1h)");
    }
    return out.put("access_key", credentials.accessKeyId())
        .put("secret_key", SecretValue.of(credentials.secretAccessKey()))
        .put("security_token", SecretValue.of(credentials.sessionToken()));
  }

  private static List<PolicyDescriptorType> descriptors(List<String> arns) {
    if (arns.isEmpty()) {
      return null;
    }
    return arns.stream().map(a -> PolicyDescriptorType.builder().arn(a).build()).toList();
  }

  private static Duration ttl(Request request, RoleEntry role, Response.Builder out) {
    Duration fallback = role.defaultStsTtl().isZero() ? DEFAULT_TTL : role.defaultStsTtl();
    Duration ttl = request.duration("ttl").orElse(fallback);
    if (ttl.compareTo(RoleParser.STS_MIN_TTL) < 0) {
      throw new InvalidRequestException("ttl", "must be at least 15m for STS credentials");
    }
    Duration max =
        !role.maxStsTtl().isZero()
            ? role.maxStsTtl()
            : role.type() == CredentialType.ASSUMED_ROLE ? ASSUME_ROLE_MAX : RoleParser.STS_MAX_TTL;
    if (ttl.compareTo(max) > 0) {
      out.warning("ttl " + Durations.format(ttl) + " capped at " + Durations.format(max));
      return max;
    }
    return ttl;
  }

  private String sessionName(Request request, RoleEntry role) {
    int max = role.type() == CredentialType.FEDERATION_TOKEN ? 32 : 64;
    String given = request.string("role_session_name").orElse(null);
    if (given != null) {
      return Fields.iamName("role_session_name", given, max);
    }
    return state
        .usernameTemplate()
        .render(
            role.name(), request.string("display_name").orElse(""), state.clock().instant(), max);
  }

  private static String chooseRoleArn(Request request, RoleEntry role) {
    String given = request.string("role_arn").orElse(null);
    if (given == null) {
      if (role.roleArns().size() == 1) {
        return role.roleArns().get(0);
      }
      throw new InvalidRequestException(
          "role_arn", "is required: role " + role.name() + " allows " + role.roleArns());
    }
    if (!role.roleArns().contains(given)) {
      throw new InvalidRequestException(
          "role_arn", "'" + given + "' is not one of role " + role.name() + "'s role_arns");
    }
    return given;
  }
}
