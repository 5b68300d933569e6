package dev.lessor.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The IAM actions on a user's policies and on managed policies: PutUserPolicy, GetUserPolicy,
 * ListUserPolicies, DeleteUserPolicy, AttachUserPolicy, DetachUserPolicy, ListAttachedUserPolicies,
 * CreatePolicy, GetPolicy. Enforces the 2,048-character aggregate of a user's inline policies, the
 * 6,144-character managed policy and the ten managed policies per user. Runs under the account lock
 * (see {@link QueryAction}).
 */
final class PolicyActions {
  private static final int POLICY_NAME_MAX = 128;
  private final IamAccount account;

  PolicyActions(IamAccount account) {
    this.account = account;
  }

  void register(Map<String, QueryAction> table) {
    table.put("PutUserPolicy", this::putUserPolicy);
    table.put("GetUserPolicy", this::getUserPolicy);
    table.put("ListUserPolicies", this::listUserPolicies);
    table.put("DeleteUserPolicy", this::deleteUserPolicy);
    table.put("AttachUserPolicy", this::attachUserPolicy);
    table.put("DetachUserPolicy", this::detachUserPolicy);
    table.put("ListAttachedUserPolicies", this::listAttachedUserPolicies);
    table.put("CreatePolicy", this::createPolicy);
    table.put("GetPolicy", this::getPolicy);
  }

  static String policyName(QueryRequest r) {
    return IamRules.name("policyName", r.required("PolicyName"), POLICY_NAME_MAX);
  }

  private void putUserPolicy(QueryRequest r, Caller caller, XmlWriter w) {
    IamUser user = account.requireUser(UserActions.userName(r));
    String name = policyName(r);
    String document = r.required("PolicyDocument");
    IamRules.putInlinePolicy(
        user.inlinePolicies,
        name,
        document,
        IamRules.USER_INLINE_POLICY_CHARS,
        "user " + user.name);
  }

  private void getUserPolicy(QueryRequest r, Caller caller, XmlWriter w) {
    IamUser user = account.requireUser(UserActions.userName(r));
    String name = policyName(r);
    String document = user.inlinePolicies.get(name);
    if (document == null) {
      throw QueryError.noSuchEntity("The user policy with name " + name + " cannot be found.");
    }
    w.value("UserName", user.name)
        .value("PolicyName", name)
        .value("PolicyDocument", IamXml.encodePolicy(document));
  }

  private void listUserPolicies(QueryRequest r, Caller caller, XmlWriter w) {
    IamUser user = account.requireUser(UserActions.userName(r));
    Page<String> page = Page.of(new ArrayList<>(user.inlinePolicies.keySet()), n -> n, r);
    w.stringMembers("PolicyNames", page.items()).page(page);
  }

  private void deleteUserPolicy(QueryRequest r, Caller caller, XmlWriter w) {
    IamUser user = account.requireUser(UserActions.userName(r));
    String name = policyName(r);
    if (user.inlinePolicies.remove(name) == null) {
      throw QueryError.noSuchEntity("The user policy with name " + name + " cannot be found.");
    }
  }

  private void attachUserPolicy(QueryRequest r, Caller caller, XmlWriter w) {
    IamUser user = account.requireUser(UserActions.userName(r));
    ManagedPolicy policy = account.requirePolicy(r.required("PolicyArn"));
    if (!user.attachedPolicyArns.contains(policy.arn())
        && user.attachedPolicyArns.size() >= IamRules.MANAGED_POLICIES_PER_USER) {
      throw QueryError.limitExceeded(
          "Cannot exceed quota for PoliciesPerUser: " + IamRules.MANAGED_POLICIES_PER_USER);
    }
    user.attachedPolicyArns.add(policy.arn());
  }

  private void detachUserPolicy(QueryRequest r, Caller caller, XmlWriter w) {
    IamUser user = account.requireUser(UserActions.userName(r));
    String arn = r.required("PolicyArn");
    if (!user.attachedPolicyArns.remove(arn)) {
      throw QueryError.noSuchEntity("Policy " + arn + " was not found.");
    }
  }

  private void listAttachedUserPolicies(QueryRequest r, Caller caller, XmlWriter w) {
    IamUser user = account.requireUser(UserActions.userName(r));
    String prefix = IamRules.path("pathPrefix", r.optional("PathPrefix", "/"));
    List<ManagedPolicy> attached =
        user.attachedPolicyArns.stream()
            .map(account::requirePolicy)
            .filter(p -> p.path().startsWith(prefix))
            .toList();
    Page<ManagedPolicy> page = Page.of(attached, ManagedPolicy::arn, r);
    w.members(
            "AttachedPolicies",
            page.items(),
            (x, p) -> x.value("PolicyName", p.name()).value("PolicyArn", p.arn()))
        .page(page);
  }

  private void createPolicy(QueryRequest r, Caller caller, XmlWriter w) {
    String name = policyName(r);
    String path = IamRules.path("path", r.optional("Path", "/"));
    String document = r.required("PolicyDocument");
    if (IamRules.policyDocument(document) > IamRules.MANAGED_POLICY_CHARS) {
      throw QueryError.limitExceeded(
          "Cannot exceed quota for PolicySize: " + IamRules.MANAGED_POLICY_CHARS);
    }
    Map<String, String> tags = r.tags("Tags");
    IamRules.tags(tags);
    ManagedPolicy policy =
        account.createPolicy(
            new ManagedPolicy(
                "arn:aws:iam::" + account.accountId + ":policy" + path + name,
                name,
                path,
                account.ids.id("ANPA"),
                document,
                r.optional("Description"),
                account.now(),
                tags));
    w.start("Policy");
    IamXml.policy(w, policy, 0);
    w.end();
  }

  private void getPolicy(QueryRequest r, Caller caller, XmlWriter w) {
    ManagedPolicy policy = account.requirePolicy(r.required("PolicyArn"));
    w.start("Policy");
    IamXml.policy(w, policy, account.attachmentCount(policy.arn()));
    w.end();
  }
}
