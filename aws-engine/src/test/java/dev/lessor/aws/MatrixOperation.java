package dev.lessor.aws;

import java.util.List;
import java.util.Set;

/**
 * The operations of the fault matrix and, for each, every IAM or STS action the engine makes during
 * it (as found in the engine's code: IamUserIssuer, IamCreates, IamUserDeleter, StsIssuer,
 * ReadinessProbe, RootRotator, StaticRotation, Tidy).
 */
enum MatrixOperation {
  /** An iam_user mint with an inline policy. */
  MINT_INLINE_POLICY("CreateUser", "CreateAccessKey", "PutUserPolicy"),
  /** A mint whose CreateUser answer was lost: the retry's EntityAlreadyExists checks the tags. */
  MINT_AFTER_LOST_CREATE_USER("ListUserTags"),
  /** A mint whose CreateAccessKey answer was lost: the keys nobody holds are deleted. */
  MINT_AFTER_LOST_ACCESS_KEY("ListAccessKeys", "DeleteAccessKey"),
  /** An iam_user mint with a managed policy. */
  MINT_MANAGED_POLICY("AttachUserPolicy"),
  /** An iam_user mint into a group. */
  MINT_GROUP("AddUserToGroup"),
  /** An iam_user mint with wait_ready: the new key is tried until STS accepts it. */
  MINT_WAIT_READY("GetCallerIdentity"),
  MINT_ASSUMED_ROLE("AssumeRole"),
  MINT_FEDERATION_TOKEN("GetFederationToken"),
  /** A session_token mint: STS GetSessionToken signed by the root credentials. */
  MINT_SESSION_TOKEN("GetSessionToken"),
  /**
   * The rollback of a mint whose last step failed (wait_ready timed out), after the user got its
   * key, inline policy, managed policy and group.
   */
  ROLLBACK(
      "ListAccessKeys",
      "DeleteAccessKey",
      "DeleteUserPolicy",
      "DetachUserPolicy",
      "RemoveUserFromGroup",
      "DeleteUser"),
  /** The revocation of a user with a key, an inline policy, a managed policy and a group. */
  REVOKE(
      "ListAccessKeys",
      "DeleteAccessKey",
      "DeleteUserPolicy",
      "DetachUserPolicy",
      "RemoveUserFromGroup",
      "DeleteUser"),
  /** The same on the background path: a 30-second lease expires (its user is 30 seconds old). */
  EXPIRE(
      "ListAccessKeys",
      "DeleteAccessKey",
      "DeleteUserPolicy",
      "DetachUserPolicy",
      "RemoveUserFromGroup",
      "DeleteUser"),
  /**
   * The revocation of a user that got a console password and an SSH key out of band: DeleteUser
   * answers DeleteConflict and the sweep lists every kind. LocalIam cannot create signing
   * certificates, service-specific credentials or MFA devices, so their deletes are not in it.
   */
  REVOKE_SWEEP(
      "ListUserPolicies",
      "ListAttachedUserPolicies",
      "ListGroupsForUser",
      "DeleteLoginProfile",
      "ListSSHPublicKeys",
      "DeleteSSHPublicKey",
      "ListSigningCertificates",
      "ListServiceSpecificCredentials",
      "ListMFADevices",
      "DeleteUser"),
  /**
   * config/rotate-root of a root IAM user with one key: the keys it had are listed, the new key is
   * created, tried until STS accepts it, stored, and only then is the old key deleted.
   */
  ROTATE_ROOT(
      "GetUser", "ListAccessKeys", "CreateAccessKey", "GetCallerIdentity", "DeleteAccessKey"),
  /** rotate-root whose CreateAccessKey answer was lost: the key nobody holds is deleted. */
  ROTATE_ROOT_AFTER_LOST_KEY("ListAccessKeys", "DeleteAccessKey"),
  /**
   * The first rotation of a static role, started by the write of the role: the user is checked, its
   * keys listed, the older of its two keys deleted, the new key created and tried until STS accepts
   * it.
   */
  STATIC_FIRST_ROTATION(
      "GetUser", "ListAccessKeys", "DeleteAccessKey", "CreateAccessKey", "GetCallerIdentity"),
  /**
   * A scheduled rotation of a static role, run by the core's task runner when its period has
   * passed: the key the last rotation replaced is deleted, then the key is rotated.
   */
  STATIC_ROTATION("DeleteAccessKey", "ListAccessKeys", "CreateAccessKey", "GetCallerIdentity"),
  /** A static role's rotation whose CreateAccessKey answer was lost: the key nobody holds goes. */
  STATIC_ROTATION_AFTER_LOST_KEY("ListAccessKeys", "DeleteAccessKey"),
  /** tidy of an orphaned user (its lease forgotten) next to a user whose lease is live. */
  TIDY(
      "ListUsers",
      "ListUserTags",
      "ListAccessKeys",
      "DeleteAccessKey",
      "ListUserPolicies",
      "DeleteUserPolicy",
      "ListAttachedUserPolicies",
      "DetachUserPolicy",
      "ListGroupsForUser",
      "RemoveUserFromGroup",
      "DeleteLoginProfile",
      "ListSSHPublicKeys",
      "ListSigningCertificates",
      "ListServiceSpecificCredentials",
      "ListMFADevices",
      "DeleteUser");

  /**
   * Actions that name nothing that could be too new to see: CreateUser names a user that does not
   * exist yet, ListUsers and GetUser (of the caller) name no entity, and LocalIam's consistency
   * faults are IAM's only (STS calls name nothing Lessor created).
   */
  private static final Set<String> NOTHING_TO_HIDE =
      Set.of(
          "CreateUser",
          "ListUsers",
          "GetUser",
          "AssumeRole",
          "GetFederationToken",
          "GetCallerIdentity");

  private final List<String> actions;

  MatrixOperation(String... actions) {
    this.actions = List.of(actions);
  }

  /** The actions of this operation, then {@link MatrixFault#EVERY_IAM_ACTION}. */
  List<String> actions() {
    List<String> all = new java.util.ArrayList<>(actions);
    all.add(MatrixFault.EVERY_IAM_ACTION);
    return all;
  }

  /** Whether the fault makes sense on this action of this operation. */
  boolean applies(String action, MatrixFault fault) {
    if (action.equals(MatrixFault.EVERY_IAM_ACTION)) {
      // A consistency window over every IAM call; STS mints make no IAM call.
      return fault == MatrixFault.NOT_VISIBLE
          && this != TIDY
          && this != MINT_ASSUMED_ROLE
          && this != MINT_FEDERATION_TOKEN
          && this != MINT_SESSION_TOKEN;
    }
    if (fault != MatrixFault.NOT_VISIBLE) {
      return true;
    }
    // tidy touches only users older than its grace (15 minutes), far past any consistency window.
    return this != TIDY && !NOTHING_TO_HIDE.contains(action);
  }
}
