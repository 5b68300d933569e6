package dev.lessor.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IAM actions on users, their tags and their access keys: CreateUser, GetUser, ListUsers,
 * DeleteUser, TagUser, UntagUser, ListUserTags, CreateAccessKey, ListAccessKeys, UpdateAccessKey,
 * DeleteAccessKey. Runs under the account lock (see {@link QueryAction}).
 */
final class UserActions {
  private static final int USER_NAME_MAX = 64;
  private final IamAccount account;

  UserActions(IamAccount account) {
    this.account = account;
  }

  void register(Map<String, QueryAction> table) {
    table.put("CreateUser", this::createUser);
    table.put("GetUser", this::getUser);
    table.put("ListUsers", this::listUsers);
    table.put("DeleteUser", (r, c, w) -> account.deleteUser(userName(r)));
    table.put("TagUser", this::tagUser);
    table.put("UntagUser", this::untagUser);
    table.put("ListUserTags", this::listUserTags);
    table.put("CreateAccessKey", this::createAccessKey);
    table.put("ListAccessKeys", this::listAccessKeys);
    table.put("UpdateAccessKey", this::updateAccessKey);
    table.put("DeleteAccessKey", this::deleteAccessKey);
  }

  /** The required {@code UserName}, checked against IAM's name rules. */
  static String userName(QueryRequest r) {
    return IamRules.name("userName", r.required("UserName"), USER_NAME_MAX);
  }

  /**
   * The {@code UserName} parameter, or the caller's own user when it is absent (null for the root
   * user), as the key actions and GetUser do. Temporary credentials have no user to default to.
   */
  static String userNameOrCaller(QueryRequest r, Caller caller) {
    String name = r.optional("UserName");
    if (name != null) {
      return IamRules.name("userName", name, USER_NAME_MAX);
    }
    if (caller.isTemporary()) {
      throw QueryError.validation("Must specify userName when calling with non-User credentials");
    }
    return caller.userName();
  }

  private void createUser(QueryRequest r, Caller caller, XmlWriter w) {
    String name = userName(r);
    String path = IamRules.path("path", r.optional("Path", "/"));
    Map<String, String> tags = r.tags("Tags");
    IamRules.tags(tags);
    IamUser user = account.createUser(name, path, r.optional("PermissionsBoundary"));
    user.tags.putAll(tags);
    w.start("User");
    IamXml.user(w, user, true);
    w.end();
  }

  private void getUser(QueryRequest r, Caller caller, XmlWriter w) {
    String name = userNameOrCaller(r, caller);
    w.start("User");
    if (name == null) {
      // The root user has no name or path; IAM answers with its id, ARN and creation date.
      w.value("UserId", account.accountId)
          .value("Arn", account.root.arn())
          .value("CreateDate", account.credentials.rootKey.createDate);
    } else {
      IamXml.user(w, account.requireUser(name), true);
    }
    w.end();
  }

  private void listUsers(QueryRequest r, Caller caller, XmlWriter w) {
    String prefix = IamRules.path("pathPrefix", r.optional("PathPrefix", "/"));
    List<IamUser> matching =
        account.users().stream().filter(u -> u.path.startsWith(prefix)).toList();
    Page<IamUser> page = Page.of(matching, u -> u.name.toLowerCase(java.util.Locale.ROOT), r);
    w.members("Users", page.items(), (x, u) -> IamXml.user(x, u, false)).page(page);
  }

  private void tagUser(QueryRequest r, Caller caller, XmlWriter w) {
    IamUser user = account.requireUser(userName(r));
    Map<String, String> merged = new LinkedHashMap<>(user.tags);
    merged.putAll(r.tags("Tags"));
    IamRules.tags(merged);
    user.tags.clear();
    user.tags.putAll(merged);
  }

  private void untagUser(QueryRequest r, Caller caller, XmlWriter w) {
    IamUser user = account.requireUser(userName(r));
    r.members("TagKeys").forEach(user.tags::remove);
  }

  private void listUserTags(QueryRequest r, Caller caller, XmlWriter w) {
    IamUser user = account.requireUser(userName(r));
    Page<Map.Entry<String, String>> page =
        Page.of(new ArrayList<>(user.tags.entrySet()), Map.Entry::getKey, r);
    Map<String, String> tags = new LinkedHashMap<>();
    page.items().forEach(e -> tags.put(e.getKey(), e.getValue()));
    w.tags("Tags", tags).page(page);
  }

  private void createAccessKey(QueryRequest r, Caller caller, XmlWriter w) {
    String name = userNameOrCaller(r, caller);
    IamUser user = name == null ? null : account.requireUser(name);
    AccessKey key = account.credentials.createAccessKey(user == null ? null : user.name);
    w.start("AccessKey")
        .value("UserName", key.userName)
        .value("AccessKeyId", key.id)
        .value("Status", key.status)
        .value("SecretAccessKey", key.secret)
        .value("CreateDate", key.createDate)
        .end();
  }

  private void listAccessKeys(QueryRequest r, Caller caller, XmlWriter w) {
    String name = userNameOrCaller(r, caller);
    if (name != null) {
      account.requireUser(name);
    }
    Page<AccessKey> page = Page.of(account.credentials.accessKeys(name), k -> k.id, r);
    w.members(
            "AccessKeyMetadata",
            page.items(),
            (x, k) ->
                x.value("UserName", k.userName)
                    .value("AccessKeyId", k.id)
                    .value("Status", k.status)
                    .value("CreateDate", k.createDate))
        .page(page);
  }

  private void updateAccessKey(QueryRequest r, Caller caller, XmlWriter w) {
    AccessKey key = accessKey(r, caller);
    String status = r.required("Status");
    if (!status.equals("Active") && !status.equals("Inactive")) {
      throw QueryError.validation(
          "1 validation error detected: Value '"
              + status
              + "' at 'status' failed to satisfy constraint: Member must satisfy enum value set:"
              + " [Active, Inactive]");
    }
    key.status = status;
  }

  private void deleteAccessKey(QueryRequest r, Caller caller, XmlWriter w) {
    account.credentials.deleteAccessKey(accessKey(r, caller));
  }

  private AccessKey accessKey(QueryRequest r, Caller caller) {
    String name = userNameOrCaller(r, caller);
    if (name != null) {
      account.requireUser(name);
    }
    return account.credentials.requireAccessKey(name, r.required("AccessKeyId"));
  }
}
