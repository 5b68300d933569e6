package dev.lessor.aws;

import dev.lessor.InvalidRequestException;
import dev.lessor.Response;
import dev.lessor.SecretValue;
import dev.lessor.UpstreamException;
import dev.lessor.engine.LeaseTerms;
import dev.lessor.engine.PendingLease;
import dev.lessor.engine.Request;
import dev.lessor.internal.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * Mints STS credentials ({@code assumed_role}, {@code federation_token}, {@code session_token}),
 * through {@link StsFailover} (the primary STS endpoint, then the fallbacks). They carry a session
 * token, cannot be renewed, and cannot be revoked early: AWS has no call that ends a session, so
 * revoking the lease only drops its record and the credential works until its own expiry. So the
 * session is asked for exactly what is left of the lease as the core granted it, after capping at
 * the role's {@code max_sts_ttl} or the STS maximum (12 h for AssumeRole, 36 h for federation and
 * session tokens) and at the Lessor's maximum TTL; a request whose lease would be shorter than the
 * STS minimum of 15 minutes is refused. Thread-safe.
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
    boolean sessionToken = role.type() == CredentialType.SESSION_TOKEN;
    String sessionName = sessionToken ? null : sessionName(request, role);
    String roleArn =
        role.type() == CredentialType.ASSUMED_ROLE ? chooseRoleArn(request, role) : null;
    // Checked by CredsHandlers: six digits, given exactly when the role names an MFA device.
    String mfaCode = request.string("mfa_code").orElse(null);
    Map<String, String> internal =
        Map.of(LeaseData.TYPE, role.type().wireName(), LeaseData.ROLE, role.name());
    // The core caps the TTL at the STS maximum and its own, and warns the caller when it does.
    PendingLease lease = request.beginLease(new LeaseTerms(asked, stsMax(role), false), internal);
    Duration ttl = sessionDuration(lease, asked);
    int seconds = (int) ttl.toSeconds();
    Response.Builder out = Response.builder();
    if (roleArn != null) {
      AssumeRoleResponse response =
          call(
              "AssumeRole " + roleArn,
              lease,
              role,
              sts -> assumeRole(sts, role, roleArn, sessionName, ttl, mfaCode));
      return withCredentials(out, response.credentials(), lease)
          .put("arn", response.assumedRoleUser().arn())
          .build();
    }
    Credentials credentials =
        sessionToken
            ? call(
                "GetSessionToken",
                lease,
                role,
                sts ->
                    sts.getSessionToken(
                            r ->
                                r.durationSeconds(seconds)
                                    .serialNumber(role.mfaSerialNumber())
                                    .tokenCode(mfaCode))
                        .credentials())
            : call(
                "GetFederationToken " + sessionName,
                lease,
                role,
                sts ->
                    sts.getFederationToken(
                            r ->
                                r.name(sessionName)
                                    .durationSeconds(seconds)
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

  private static AssumeRoleResponse assumeRole(
      StsClient sts,
      RoleEntry role,
      String roleArn,
      String sessionName,
      Duration ttl,
      String mfaCode) {
    List<Tag> tags =
        role.sessionTags().entrySet().stream()
            .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
            .toList();
    return sts.assumeRole(
        r ->
            r.roleArn(roleArn)
                .roleSessionName(sessionName)
                .durationSeconds((int) ttl.toSeconds())
                .policy(role.policyDocument())
                .policyArns(descriptors(role.policyArns()))
                .externalId(role.externalId())
                .tags(tags.isEmpty() ? null : tags)
                .serialNumber(role.mfaSerialNumber())
                .tokenCode(mfaCode));
  }

  /**
   * {@code call} at the first STS endpoint that answers. STS's AccessDenied for a role with an MFA
   * device says why it most likely happened; the code itself is never part of a message.
   */
  private <T> T call(String what, PendingLease lease, RoleEntry role, Function<StsClient, T> call) {
    try {
      return state.clients().stsFailover().call(what + " for lease " + lease.id(), call);
    } catch (UpstreamException e) {
      if (role.mfaSerialNumber() == null || !"AccessDenied".equals(e.errorCode())) {
        throw e;
      }
      throw new UpstreamException(
          e.getMessage()
              + " (role "
              + role.name()
              + " requires MFA: mfa_code must be the current code of device "
              + role.mfaSerialNumber()
              + "; a code is valid for about 30 seconds)",
          e.errorCode(),
          false,
          e);
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
