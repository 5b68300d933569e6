package dev.lessor.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The STS actions: AssumeRole (with MFA when the role's trust policy names {@code
 * aws:MultiFactorAuthPresent}, or when the caller passes a serial number or code),
 * GetFederationToken and GetCallerIdentity. Issued credentials sign requests to this emulator with
 * their session token until they expire by the emulator's clock. Session policies are checked for
 * syntax and size but, as nothing here evaluates policies, they restrict nothing. Runs under the
 * account lock (see {@link QueryAction}).
 */
final class StsActions {
  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
  private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]*");
  private static final Pattern POLICY_ARN = Pattern.compile("arn:aws:iam::(\\d{12}|aws):policy/.+");
  private static final int MAX_POLICY_ARNS = 10;
  private static final Duration ROLE_CHAINING_MAX = Duration.ofHours(1);
  private static final Duration ROOT_FEDERATION_MAX = Duration.ofHours(1);
  private final IamAccount account;

  StsActions(IamAccount account) {
    this.account = account;
  }

  void register(Map<String, QueryAction> table) {
    table.put("AssumeRole", this::assumeRole);
    table.put("GetFederationToken", this::getFederationToken);
    table.put("GetCallerIdentity", this::getCallerIdentity);
  }

  private void assumeRole(QueryRequest r, Caller caller, XmlWriter w) {
    String roleArn = r.required("RoleArn");
    String sessionName =
        IamRules.pattern("roleSessionName", r.required("RoleSessionName"), 2, 64, SESSION_NAME);
    String externalId = r.optional("ExternalId");
    if (externalId != null) {
      IamRules.pattern("externalId", externalId, 2, 1224, EXTERNAL_ID);
    }
    int packed = sessionPolicies(r);
    IamRole role = account.findRoleByArn(roleArn);
    String denied =
        "User: "
            + caller.arn()
            + " is not authorized to perform: sts:AssumeRole on resource: "
            + roleArn;
    if (role == null) {
      throw QueryError.accessDenied(denied);
    }
    account.mfa.check(r, caller, requiresMfa(role), denied);
    Duration duration =
        Duration.ofSeconds(r.integer("DurationSeconds", 3600, 900, Integer.MAX_VALUE));
    if (caller.kind() == Caller.Kind.ASSUMED_ROLE && duration.compareTo(ROLE_CHAINING_MAX) > 0) {
      throw QueryError.validation(
          "The requested DurationSeconds exceeds the 1 hour session limit for roles assuming"
              + " other roles.");
    }
    if (duration.compareTo(role.maxSessionDuration) > 0) {
      throw QueryError.validation(
          "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }
    String assumedArn =
        "arn:aws:sts::" + account.accountId + ":assumed-role/" + role.name + "/" + sessionName;
    String assumedId = role.roleId + ":" + sessionName;
    Caller assumed = new Caller(Caller.Kind.ASSUMED_ROLE, assumedArn, assumedId, null);
    issueSession(w, assumed, duration, packed);
  }

  /**
   * Whether the role's trust policy names the {@code aws:MultiFactorAuthPresent} condition key:
   * nothing here evaluates policies, so naming it is taken to mean that AssumeRole needs MFA.
   */
  private static boolean requiresMfa(IamRole role) {
    return role.assumeRolePolicyDocument
        .toLowerCase(java.util.Locale.ROOT)
        .contains("aws:multifactorauthpresent");
  }

  private void getFederationToken(QueryRequest r, Caller caller, XmlWriter w) {
    if (caller.isTemporary()) {
      throw QueryError.accessDenied("Cannot call GetFederationToken with session credentials");
    }
    String name = IamRules.pattern("name", r.required("Name"), 2, 32, SESSION_NAME);
    int packed = sessionPolicies(r);
    Duration duration = Duration.ofSeconds(r.integer("DurationSeconds", 43_200, 900, 129_600));
    if (caller.kind() == Caller.Kind.ROOT && duration.compareTo(ROOT_FEDERATION_MAX) > 0) {
      // STS caps sessions that root credentials request at one hour, without an error.
      duration = ROOT_FEDERATION_MAX;
    }
    String arn = "arn:aws:sts::" + account.accountId + ":federated-user/" + name;
    String userId = account.accountId + ":" + name;
    Caller federated = new Caller(Caller.Kind.FEDERATED_USER, arn, userId, null);
    issueSession(w, federated, duration, packed);
  }

  private void getCallerIdentity(QueryRequest r, Caller caller, XmlWriter w) {
    w.value("UserId", caller.userId())
        .value("Account", account.accountId)
        .value("Arn", caller.arn());
  }

  /**
   * Checks the session policy, policy ARNs and tags, and returns the packed size in percent of the
   * allowed maximum, or -1 when the request passed none.
   */
  private static int sessionPolicies(QueryRequest r) {
    String policy = r.optional("Policy");
    List<String> arns = r.memberFields("PolicyArns", "arn");
    Map<String, String> tags = r.tags("Tags");
    if (policy == null && arns.isEmpty() && tags.isEmpty()) {
      return -1;
    }
    int size = 0;
    if (policy != null) {
      size += IamRules.policyDocument(policy);
    }
    if (arns.size() > MAX_POLICY_ARNS) {
      throw QueryError.validation(
          "1 validation error detected: Value at 'policyArns' failed to satisfy constraint:"
              + " Member must have length less than or equal to "
              + MAX_POLICY_ARNS);
    }
    for (String arn : arns) {
      if (!POLICY_ARN.matcher(arn).matches()) {
        throw QueryError.validation("Invalid policy ARN: " + arn);
      }
      size += arn.length();
    }
    IamRules.tags(tags);
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      size += tag.getKey().length() + tag.getValue().length();
    }
    int percent = size * 100 / IamRules.SESSION_POLICY_CHARS;
    if (percent > 100) {
      throw new QueryError(
          400,
          "PackedPolicyTooLarge",
          "Packed size of the session policies and tags exceeds the limit by "
              + (percent - 100)
              + "%.");
    }
    return percent;
  }

  /**
   * Issues a session for {@code principal}, an assumed role or a federated user, and answers its
   * credentials, the principal and the packed policy size ({@code packed} -1: none passed).
   */
  private void issueSession(XmlWriter w, Caller principal, Duration duration, int packed) {
    StsSession session = account.credentials.issueSession(principal, duration);
    credentials(w, session);
    boolean assumedRole = principal.kind() == Caller.Kind.ASSUMED_ROLE;
    w.start(assumedRole ? "AssumedRoleUser" : "FederatedUser")
        .value(assumedRole ? "AssumedRoleId" : "FederatedUserId", principal.userId())
        .value("Arn", principal.arn())
        .end();
    w.value("PackedPolicySize", packed < 0 ? null : packed);
  }

  static void credentials(XmlWriter w, StsSession session) {
    w.start("Credentials")
        .value("AccessKeyId", session.accessKeyId())
        .value("SecretAccessKey", session.secret())
        .value("SessionToken", session.sessionToken())
        .value("Expiration", session.expiration())
        .end();
  }
}
