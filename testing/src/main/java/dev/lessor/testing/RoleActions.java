package dev.lessor.testing;

import java.time.Duration;
import java.util.Map;

/**
 * The IAM actions on roles: CreateRole, GetRole, DeleteRole, PutRolePolicy, DeleteRolePolicy. A
 * role's MaxSessionDuration (1 to 12 hours) bounds what AssumeRole grants. Runs under the account
 * lock (see {@link QueryAction}).
 */
final class RoleActions {
  private static final int ROLE_NAME_MAX = 64;
  private static final int TRUST_POLICY_CHARS = 2_048;
  private final IamAccount account;

  RoleActions(IamAccount account) {
    this.account = account;
  }

  void register(Map<String, QueryAction> table) {
    table.put("CreateRole", this::createRole);
    table.put("GetRole", this::getRole);
    table.put("DeleteRole", (r, c, w) -> account.deleteRole(roleName(r)));
    table.put("PutRolePolicy", this::putRolePolicy);
    table.put("DeleteRolePolicy", this::deleteRolePolicy);
  }

  private static String roleName(QueryRequest r) {
    return IamRules.name("roleName", r.required("RoleName"), ROLE_NAME_MAX);
  }

  private void createRole(QueryRequest r, Caller caller, XmlWriter w) {
    String name = roleName(r);
    String path = IamRules.path("path", r.optional("Path", "/"));
    String trust = r.required("AssumeRolePolicyDocument");
    if (IamRules.policyDocument(trust) > TRUST_POLICY_CHARS) {
      throw QueryError.limitExceeded(
          "Cannot exceed quota for ACLSizePerRole: " + TRUST_POLICY_CHARS);
    }
    int maxSession = r.integer("MaxSessionDuration", 3600, 3600, 43200);
    String boundary = r.optional("PermissionsBoundary");
    if (boundary != null) {
      account.requirePolicy(boundary);
    }
    Map<String, String> tags = r.tags("Tags");
    IamRules.tags(tags);
    IamRole role =
        account.addRole(
            new IamRole(
                name,
                path,
                account.ids.id("AROA"),
                "arn:aws:iam::" + account.accountId + ":role" + path + name,
                account.now(),
                trust,
                r.optional("Description"),
                Duration.ofSeconds(maxSession),
                boundary));
    role.tags.putAll(tags);
    w.start("Role");
    IamXml.role(w, role);
    w.end();
  }

  private void getRole(QueryRequest r, Caller caller, XmlWriter w) {
    w.start("Role");
    IamXml.role(w, account.requireRole(roleName(r)));
    w.end();
  }

  private void putRolePolicy(QueryRequest r, Caller caller, XmlWriter w) {
    IamRole role = account.requireRole(roleName(r));
    String name = PolicyActions.policyName(r);
    String document = r.required("PolicyDocument");
    IamRules.putInlinePolicy(
        role.inlinePolicies,
        name,
        document,
        IamRules.ROLE_INLINE_POLICY_CHARS,
        "role " + role.name);
  }

  private void deleteRolePolicy(QueryRequest r, Caller caller, XmlWriter w) {
    IamRole role = account.requireRole(roleName(r));
    String name = PolicyActions.policyName(r);
    if (role.inlinePolicies.remove(name) == null) {
      throw QueryError.noSuchEntity("The role policy with name " + name + " cannot be found.");
    }
  }
}
