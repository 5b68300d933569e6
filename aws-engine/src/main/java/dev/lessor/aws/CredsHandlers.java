package dev.lessor.aws;

import dev.lessor.InvalidRequestException;
import dev.lessor.Response;
import dev.lessor.engine.Request;
import java.util.Set;

/**
 * {@code creds/{name}} (every credential type) and {@code sts/{name}} (STS types only), READ or
 * WRITE. Request fields: {@code ttl}, {@code display_name}, and {@code wait_ready} (iam_user) or
 * {@code role_arn} and {@code role_session_name} (assumed_role, federation_token); {@code mfa_code}
 * (six digits), required exactly when the role sets {@code mfa_serial_number}. Thread-safe.
 */
final class CredsHandlers {
  static final Set<String> FIELDS =
      Set.of("ttl", "display_name", "wait_ready", "role_arn", "role_session_name", "mfa_code");

  private final RoleHandlers roles;
  private final IamUserIssuer iamUsers;
  private final StsIssuer sts;
  private final RootCredentials credentials;

  CredsHandlers(
      RoleHandlers roles, IamUserIssuer iamUsers, StsIssuer sts, RootCredentials credentials) {
    this.roles = roles;
    this.iamUsers = iamUsers;
    this.sts = sts;
    this.credentials = credentials;
  }

  Response creds(Request request) {
    RoleEntry role = check(request);
    credentials.require();
    return role.type() == CredentialType.IAM_USER
        ? iamUsers.issue(request, role)
        : sts.issue(request, role);
  }

  Response sts(Request request) {
    RoleEntry role = check(request);
    if (role.type() == CredentialType.IAM_USER) {
      throw new InvalidRequestException(
          "name",
          "role " + role.name() + " issues iam_user credentials: read creds/" + role.name());
    }
    credentials.require();
    return sts.issue(request, role);
  }

  /**
   * Checks every field of the request, then looks the role up, then checks the fields against the
   * role's type: a bad value is named even when the role does not exist, as secrets servers do.
   */
  private RoleEntry check(Request request) {
    Fields.requireKnown(request, FIELDS);
    request.duration("ttl");
    request.bool("wait_ready");
    request.string("display_name");
    request.string("role_arn");
    request.string("role_session_name").ifPresent(n -> Fields.iamName("role_session_name", n, 64));
    request
        .string("mfa_code")
        .filter(code -> !code.matches("\\d{6}"))
        .ifPresent(
            code -> {
              throw new InvalidRequestException(
                  "mfa_code", "must be the six digits the MFA device shows");
            });
    RoleEntry role = roles.require(request.param("name"));
    String[] notHere =
        switch (role.type()) {
          case IAM_USER -> new String[] {"role_arn", "role_session_name"};
          case SESSION_TOKEN ->
              new String[] {"wait_ready", "role_arn", "role_session_name", "display_name"};
          default -> new String[] {"wait_ready"};
        };
    for (String field : notHere) {
      if (request.has(field)) {
        throw new InvalidRequestException(
            field, "does not apply to role " + role.name() + " (" + role.type().wireName() + ")");
      }
    }
    checkMfa(request, role);
    return role;
  }

  /** {@code mfa_code} is given exactly when the role names an MFA device. */
  private static void checkMfa(Request request, RoleEntry role) {
    if (role.mfaSerialNumber() != null && !request.has("mfa_code")) {
      throw new InvalidRequestException(
          "mfa_code",
          "is required: role "
              + role.name()
              + " sets mfa_serial_number; pass the current code of "
              + role.mfaSerialNumber());
    }
    if (role.mfaSerialNumber() == null && request.has("mfa_code")) {
      throw new InvalidRequestException(
          "mfa_code", "does not apply to role " + role.name() + ": it sets no mfa_serial_number");
    }
  }
}
