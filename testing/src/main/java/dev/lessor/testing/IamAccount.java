package dev.lessor.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state of one emulated AWS account: users, groups, roles and managed policies, with the
 * credentials that sign for them ({@link IamCredentials}), and the rules that tie them together
 * (unique names, the user quota, what must be removed before a user, group or role can be deleted,
 * which keys may sign and as whom).
 *
 * <p>IAM names are unique without regard to case, so entities are keyed by their lower-case name.
 * Not thread-safe by itself: {@link QueryServer} runs each request's action while holding this
 * object's monitor, which makes every action atomic, as IAM's are.
 */
final class IamAccount {

  final String accountId;
  final Clock clock;
  final IamIds ids;
  private final int userLimit;
  final Caller root;
  private final Map<String, IamUser> users = new TreeMap<>();
  private final Map<String, IamGroup> groups = new TreeMap<>();
  private final Map<String, IamRole> roles = new TreeMap<>();
  private final Map<String, ManagedPolicy> policies = new TreeMap<>();
  final IamCredentials credentials;
  final MfaDevices mfa = new MfaDevices(this);

  IamAccount(
      String accountId, Clock clock, IamIds ids, int userLimit, Duration keyActivationDelay) {
    this.accountId = accountId;
    this.clock = clock;
    this.ids = ids;
    this.userLimit = userLimit;
    this.root =
        new Caller(Caller.Kind.ROOT, "arn:aws:iam::" + accountId + ":root", accountId, null);
    this.credentials = new IamCredentials(clock, ids, keyActivationDelay);
    for (String name : List.of("ReadOnlyAccess", "AdministratorAccess", "PowerUserAccess")) {
      String arn = "arn:aws:iam::aws:policy/" + name;
      String document =
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
              + "\"Resource\":\"*\"}]}";
      policies.put(
          arn,
          new ManagedPolicy(
              arn, name, "/", ids.id("ANPA"), document, "AWS managed", Instant.EPOCH, Map.of()));
    }
  }

  Instant now() {
    return clock.instant();
  }

  // ---- authentication ----------------------------------------------------------------------

  /** The secret and identity behind a key id, or the error AWS answers for an unusable key. */
  record Credential(String secret, Caller caller) {
    @Override
    public String toString() {
      return "Credential[" + caller.arn() + "]";
    }
  }

  Credential authenticate(String accessKeyId, String sessionToken) {
    StsSession session = credentials.session(accessKeyId);
    if (session != null) {
      if (!session.sessionToken().equals(sessionToken)) {
        throw invalidToken();
      }
      if (!now().isBefore(session.expiration())) {
        throw new QueryError(
            400, "ExpiredToken", "The security token included in the request is expired");
      }
      return new Credential(session.secret(), session.caller());
    }
    AccessKey key = credentials.key(accessKeyId);
    // An inactive key, a deleted key and a key not yet propagated are all refused alike by IAM.
    if (key == null
        || !key.status.equals("Active")
        || now().isBefore(key.activeFrom)
        || sessionToken != null) {
      throw invalidToken();
    }
    if (key.userName == null) {
      return new Credential(key.secret, root);
    }
    IamUser user = requireUser(key.userName);
    return new Credential(
        key.secret, new Caller(Caller.Kind.USER, user.arn, user.userId, user.name));
  }

  private static QueryError invalidToken() {
    return new QueryError(
        403, "InvalidClientTokenId", "The security token included in the request is invalid.");
  }

  // ---- users -------------------------------------------------------------------------------

  IamUser createUser(String name, String path, String permissionsBoundaryArn) {
    requireNewName(users, "User", name);
    if (users.size() >= userLimit) {
      throw QueryError.limitExceeded("Cannot exceed quota for UsersPerAccount: " + userLimit);
    }
    if (permissionsBoundaryArn != null) {
      requireAttachable(permissionsBoundaryArn);
    }
    IamUser user =
        new IamUser(
            name, path, ids.id("AIDA"), "arn:aws:iam::" + accountId + ":user" + path + name, now());
    user.permissionsBoundaryArn = permissionsBoundaryArn;
    users.put(key(name), user);
    return user;
  }

  IamUser requireUser(String name) {
    return require(users, "user", name);
  }

  IamUser findUser(String name) {
    return users.get(key(name));
  }

  List<IamUser> users() {
    return new ArrayList<>(users.values());
  }

  /** Deletes a user that has nothing left attached, as IAM's DeleteUser requires. */
  void deleteUser(String name) {
    IamUser user = requireUser(name);
    String blocker = null;
    if (!credentials.accessKeys(user.name).isEmpty()) {
      blocker = "must delete access keys first.";
    } else if (!user.inlinePolicies.isEmpty()) {
      blocker = "must delete policies first.";
    } else if (!user.attachedPolicyArns.isEmpty()) {
      blocker = "must detach all policies first.";
    } else if (!user.groups.isEmpty()) {
      blocker = "must remove users from group first.";
    } else if (user.loginProfileCreated != null) {
      blocker = "must delete login profile first.";
    } else if (!user.sshKeys.isEmpty()) {
      blocker = "must delete SSH public keys first.";
    } else if (!mfa.enabledFor(user.name).isEmpty()) {
      blocker = "must delete MFA device first.";
    }
    if (blocker != null) {
      throw QueryError.deleteConflict("Cannot delete entity, " + blocker);
    }
    users.remove(key(name));
  }

  // ---- managed policies --------------------------------------------------------------------

  ManagedPolicy createPolicy(ManagedPolicy policy) {
    if (policies.containsKey(policy.arn())) {
      throw QueryError.alreadyExists(
          "A policy called " + policy.name() + " already exists. Duplicate names are not allowed.");
    }
    policies.put(policy.arn(), policy);
    return policy;
  }

  ManagedPolicy requirePolicy(String arn) {
    ManagedPolicy policy = policies.get(arn);
    if (policy == null) {
      throw QueryError.noSuchEntity("Policy " + arn + " does not exist or is not attachable.");
    }
    return policy;
  }

  ManagedPolicy findPolicy(String arn) {
    return policies.get(arn);
  }

  private void requireAttachable(String arn) {
    if (!policies.containsKey(arn)) {
      throw QueryError.noSuchEntity("Scope ARN: " + arn + " does not exist or is not attachable.");
    }
  }

  int attachmentCount(String arn) {
    return (int) users.values().stream().filter(u -> u.attachedPolicyArns.contains(arn)).count();
  }

  // ---- groups ------------------------------------------------------------------------------

  IamGroup createGroup(String name, String path) {
    requireNewName(groups, "Group", name);
    IamGroup group =
        new IamGroup(
            name,
            path,
            ids.id("AGPA"),
            "arn:aws:iam::" + accountId + ":group" + path + name,
            now());
    groups.put(key(name), group);
    return group;
  }

  IamGroup requireGroup(String name) {
    return require(groups, "group", name);
  }

  IamGroup findGroup(String name) {
    return groups.get(key(name));
  }

  void deleteGroup(String name) {
    IamGroup group = requireGroup(name);
    if (!group.members.isEmpty()) {
      throw QueryError.deleteConflict("Cannot delete entity, must remove users from group first.");
    }
    groups.remove(key(name));
  }

  // ---- roles -------------------------------------------------------------------------------

  IamRole addRole(IamRole role) {
    requireNewName(roles, "Role", role.name);
    roles.put(key(role.name), role);
    return role;
  }

  IamRole requireRole(String name) {
    return require(roles, "role", name);
  }

  /** The role an ARN names, or null; STS answers AccessDenied rather than NoSuchEntity. */
  IamRole findRoleByArn(String arn) {
    return roles.values().stream().filter(r -> r.arn.equals(arn)).findFirst().orElse(null);
  }

  void deleteRole(String name) {
    IamRole role = requireRole(name);
    if (!role.inlinePolicies.isEmpty()) {
      throw QueryError.deleteConflict("Cannot delete entity, must delete policies first.");
    }
    roles.remove(key(name));
  }

  /** The {@code kind} (user, group, role) called {@code name}, or IAM's NoSuchEntity error. */
  private static <T> T require(Map<String, T> entities, String kind, String name) {
    T entity = entities.get(key(name));
    if (entity == null) {
      throw QueryError.noSuchEntity("The " + kind + " with name " + name + " cannot be found.");
    }
    return entity;
  }

  /** IAM's EntityAlreadyExists error when a {@code kind} called {@code name} exists already. */
  private static void requireNewName(Map<String, ?> entities, String kind, String name) {
    if (entities.containsKey(key(name))) {
      throw QueryError.alreadyExists(kind + " with name " + name + " already exists.");
    }
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
