package dev.lessor.aws;

import dev.lessor.InvalidRequestException;
import dev.lessor.Response;
import dev.lessor.SecretValue;
import dev.lessor.engine.LeaseTerms;
import dev.lessor.engine.PendingLease;
import dev.lessor.engine.Request;
import dev.lessor.internal.Durations;
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
 * revoking the lease only drops its record and the credential works until its own expiry. So the
 * session is asked for exactly what is left of the lease as the core granted it, after capping at
 * the role's {@code max_sts_ttl} or the STS maximum (12 h for AssumeRole, 36 h for federation
 * tokens) and at the Lessor's maximum TTL; a request whose lease would be shorter than the STS
 * minimum of 15 minutes is refused. Thread-safe.
 */
final class StsIssuer {
  static final Duration DEFAULT_TTL = Duration.ofHours(1);
  static final Duration ASSUME_ROLE_MAX = Duration.ofHours(12);

  private final MountState state;

  StsIssuer(MountState state) {
    this.state = state;
  }

  Response issue(Request request, RoleEntry role) {
    Duration asked = requestedTtl(request, role);
    String sessionName = sessionName(request, role);
    String roleArn =
        role.type() == CredentialType.ASSUMED_ROLE ? chooseRoleArn(request, role) : null;
    Map<String, String> internal =
        Map.of(LeaseData.TYPE, role.type().wireName(), LeaseData.ROLE, role.name());
    // The core caps the TTL at the STS maximum and its own, and warns the caller when it does.
    PendingLease lease = request.beginLease(new LeaseTerms(asked, stsMax(role), false), internal);
    Duration ttl = sessionDuration(lease, asked);
    Response.Builder out = Response.builder();
    if (roleArn != null) {
      AssumeRoleResponse response =
          call("AssumeRole " + roleArn, lease, () -> assumeRole(role, roleArn, sessionName, ttl));
      return withCredentials(out, response.credentials(), lease)
          .put("arn", response.assumedRoleUser().arn())
          .build();
    }
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
    return withCredentials(out, credentials, lease).build();
  }

  /**
   * The session duration to ask STS for: what is left of the lease as granted, in whole seconds, so
   * that the session never outlives its lease (AWS cannot end a session early).
   *
   * @throws InvalidRequestException naming {@code ttl} when that is under the STS minimum (the core
   *     then drops the pending lease, for which nothing was created)
   */
  private Duration sessionDuration(PendingLease lease, Duration asked) {
    Duration left = Duration.between(state.clock().instant(), lease.expireTime());
    Duration session = Duration.ofSeconds(Math.max(0, left.getSeconds()));
    if (session.compareTo(RoleParser.STS_MIN_TTL) < 0) {
      Duration granted = Duration.ofSeconds(left.getSeconds() + (left.getNano() > 0 ? 1 : 0));
      throw new InvalidRequestException(
          "ttl",
          "is capped at "
              + Durations.format(granted)
              + " by the effective max_ttl (asked: "
              + Durations.format(asked)
              + "), under the 15m minimum of STS credentials");
    }
    return session;
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

  private static Response.Builder withCredentials(
      Response.Builder out, Credentials credentials, PendingLease lease) {
    if (credentials.expiration() != null
        && credentials.expiration().isBefore(lease.expireTime().minus(Duration.ofMinutes(1)))) {
      out.warning(
          "STS issued the credential until "
              + credentials.expiration()
              + ", before the lease ends; STS caps some sessions (root credentials: 1h)");
    }
    SecretValue token = SecretValue.of(credentials.sessionToken());
    // session_token is today's name; security_token is kept for callers written against the old
    // one. Both hold the same value.
    return out.put("access_key", credentials.accessKeyId())
        .put("secret_key", SecretValue.of(credentials.secretAccessKey()))
        .put("session_token", token)
        .put("security_token", token);
  }

  private static List<PolicyDescriptorType> descriptors(List<String> arns) {
    if (arns.isEmpty()) {
      return null;
    }
    return arns.stream().map(a -> PolicyDescriptorType.builder().arn(a).build()).toList();
  }

  /** The TTL the caller asked for, or the role's default; at least the STS minimum. */
  private static Duration requestedTtl(Request request, RoleEntry role) {
    Duration fallback = role.defaultStsTtl().isZero() ? DEFAULT_TTL : role.defaultStsTtl();
    Duration ttl = request.duration("ttl").orElse(fallback);
    if (ttl.compareTo(RoleParser.STS_MIN_TTL) < 0) {
      throw new InvalidRequestException("ttl", "must be at least 15m for STS credentials");
    }
    return ttl;
  }

  /** The most an STS credential of {@code role} may live: the role's or the STS maximum. */
  private static Duration stsMax(RoleEntry role) {
    if (!role.maxStsTtl().isZero()) {
      return role.maxStsTtl();
    }
    return role.type() == CredentialType.ASSUMED_ROLE ? ASSUME_ROLE_MAX : RoleParser.STS_MAX_TTL;
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
