package dev.lessor.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The IAM actions on a user's other credentials, the ones someone may add out of band and a
 * revocation must remove before DeleteUser: login profiles (CreateLoginProfile, GetLoginProfile,
 * DeleteLoginProfile), SSH public keys (UploadSSHPublicKey, ListSSHPublicKeys, DeleteSSHPublicKey),
 * and the listing and removal of signing certificates and service-specific credentials. Nothing
 * creates the last two here, so their lists are empty and removing one is NoSuchEntity (MFA devices
 * are {@link MfaActions}). Runs under the account lock (see {@link QueryAction}).
 */
final class CredentialActions {
  private static final int SSH_KEYS_PER_USER = 5;
  private final IamAccount account;

  CredentialActions(IamAccount account) {
    this.account = account;
  }

  void register(Map<String, QueryAction> table) {
    table.put("CreateLoginProfile", this::createLoginProfile);
    table.put("GetLoginProfile", this::getLoginProfile);
    table.put("DeleteLoginProfile", this::deleteLoginProfile);
    table.put("UploadSSHPublicKey", this::uploadSshPublicKey);
    table.put("ListSSHPublicKeys", this::listSshPublicKeys);
    table.put("DeleteSSHPublicKey", this::deleteSshPublicKey);
    table.put("ListSigningCertificates", (r, c, w) -> emptyList(r, c, w, "Certificates"));
    table.put(
        "DeleteSigningCertificate",
        (r, c, w) -> missing(r, c, "The Certificate with id ", r.required("CertificateId")));
    table.put(
        "ListServiceSpecificCredentials",
        (r, c, w) -> emptyList(r, c, w, "ServiceSpecificCredentials"));
    table.put(
        "DeleteServiceSpecificCredential",
        (r, c, w) ->
            missing(
                r,
                c,
                "The Service Specific Credential with id ",
                r.required("ServiceSpecificCredentialId")));
  }

  private void createLoginProfile(QueryRequest r, Caller caller, XmlWriter w) {
    IamUser user = account.requireUser(UserActions.userName(r));
    String password = r.required("Password");
    if (password.length() < 8) {
      throw new QueryError(
          400, "PasswordPolicyViolation", "Password should have a minimum length of 8");
    }
    if (user.loginProfileCreated != null) {
      throw QueryError.alreadyExists("Login Profile for user " + user.name + " already exists.");
    }
    user.loginProfileCreated = account.now();
    user.passwordResetRequired = Boolean.parseBoolean(r.optional("PasswordResetRequired"));
    loginProfile(w, user);
  }

  private void getLoginProfile(QueryRequest r, Caller caller, XmlWriter w) {
    loginProfile(w, userWithLoginProfile(r));
  }

  private void deleteLoginProfile(QueryRequest r, Caller caller, XmlWriter w) {
    userWithLoginProfile(r).loginProfileCreated = null;
  }

  private IamUser userWithLoginProfile(QueryRequest r) {
    IamUser user = account.requireUser(UserActions.userName(r));
    if (user.loginProfileCreated == null) {
      throw QueryError.noSuchEntity("Login Profile for User " + user.name + " cannot be found.");
    }
    return user;
  }

  private static void loginProfile(XmlWriter w, IamUser user) {
    w.start("LoginProfile")
        .value("UserName", user.name)
        .value("CreateDate", user.loginProfileCreated)
        .value("PasswordResetRequired", user.passwordResetRequired)
        .end();
  }

  private void uploadSshPublicKey(QueryRequest r, Caller caller, XmlWriter w) {
    IamUser user = account.requireUser(UserActions.userName(r));
    String body = r.required("SSHPublicKeyBody").trim();
    if (!body.matches("(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp\\d+) [A-Za-z0-9+/=]+( .*)?")) {
      throw new QueryError(400, "InvalidPublicKey", "The SSH public key is invalid.");
    }
    if (user.sshKeys.values().stream().anyMatch(k -> k.body().equals(body))) {
      throw new QueryError(
          400, "DuplicateSSHPublicKey", "The SSH public key is already associated with the user.");
    }
    if (user.sshKeys.size() >= SSH_KEYS_PER_USER) {
      throw QueryError.limitExceeded(
          "Cannot exceed quota for PublicKeysPerUser: " + SSH_KEYS_PER_USER);
    }
    IamUser.SshKey key =
        new IamUser.SshKey(
            account.ids.id("APKA"), body, fingerprint(body), "Active", account.now());
    user.sshKeys.put(key.id(), key);
    w.start("SSHPublicKey");
    sshKey(w, user, key, true);
    w.end();
  }

  private void listSshPublicKeys(QueryRequest r, Caller caller, XmlWriter w) {
    String name = UserActions.userNameOrCaller(r, caller);
    // The root user has no SSH keys; an IAM user's are listed by id.
    IamUser user = name == null ? null : account.requireUser(name);
    List<IamUser.SshKey> keys = user == null ? List.of() : new ArrayList<>(user.sshKeys.values());
    Page<IamUser.SshKey> page = Page.of(keys, IamUser.SshKey::id, r);
    w.members("SSHPublicKeys", page.items(), (x, k) -> sshKey(x, user, k, false)).page(page);
  }

  private void deleteSshPublicKey(QueryRequest r, Caller caller, XmlWriter w) {
    IamUser user = account.requireUser(UserActions.userName(r));
    String id = r.required("SSHPublicKeyId");
    if (user.sshKeys.remove(id) == null) {
      throw QueryError.noSuchEntity("The Public Key with id " + id + " cannot be found.");
    }
  }

  private static void sshKey(XmlWriter w, IamUser user, IamUser.SshKey key, boolean full) {
    w.value("UserName", user.name).value("SSHPublicKeyId", key.id());
    if (full) {
      w.value("Fingerprint", key.fingerprint()).value("SSHPublicKeyBody", key.body());
    }
    w.value("Status", key.status()).value("UploadDate", key.uploadDate());
  }

  private static String fingerprint(String body) {
    byte[] digest = SigV4Verifier.sha256(body.getBytes(StandardCharsets.UTF_8));
    return HexFormat.ofDelimiter(":").formatHex(digest, 0, 16);
  }

  /** A list action over credentials nothing creates: checks the user, answers an empty list. */
  private void emptyList(QueryRequest r, Caller caller, XmlWriter w, String element) {
    String name = UserActions.userNameOrCaller(r, caller);
    if (name != null) {
      account.requireUser(name);
    }
    w.members(element, List.of(), (x, item) -> {}).value("IsTruncated", false);
  }

  private void missing(QueryRequest r, Caller caller, String what, String id) {
    String name = UserActions.userNameOrCaller(r, caller);
    if (name != null) {
      account.requireUser(name);
    }
    throw QueryError.noSuchEntity(what + id + " cannot be found.");
  }
}
