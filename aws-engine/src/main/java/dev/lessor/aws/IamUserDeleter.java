package dev.lessor.aws;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.iam.model.SSHPublicKeyMetadata;
import software.amazon.awssdk.services.iam.model.ServiceSpecificCredentialMetadata;
import software.amazon.awssdk.services.iam.model.SigningCertificate;

/**
 * Deletes an IAM user and everything that would make {@code DeleteUser} fail: access keys, inline
 * policies, managed policy attachments, group memberships, login profile, SSH public keys, signing
 * certificates, service-specific credentials and MFA devices, each listed with pagination.
 *
 * <p>Every step lists again what is there, so running it twice, or after a half-done run, is safe.
 * A {@code NoSuchEntity} on an item means someone else deleted it first. Thread-safe; calls run on
 * the caller's thread.
 */
final class IamUserDeleter {
  private static final Logger log = LoggerFactory.getLogger(IamUserDeleter.class);

  private final IamClient iam;

  IamUserDeleter(IamClient iam) {
    this.iam = Objects.requireNonNull(iam, "iam");
  }

  /**
   * Deletes {@code userName} and what hangs on it.
   *
   * @return false when the user did not exist (IAM said {@code NoSuchEntity} at the first call);
   *     true when it existed and is now gone, whoever deleted it last
   * @throws SdkException when an AWS call fails; whatever was deleted stays deleted
   */
  boolean delete(String userName) {
    try {
      for (AccessKeyMetadata key :
          iam.listAccessKeysPaginator(r -> r.userName(userName)).accessKeyMetadata()) {
        ignoreMissing(
            () -> iam.deleteAccessKey(r -> r.userName(userName).accessKeyId(key.accessKeyId())));
      }
    } catch (SdkException e) {
      if (AwsErrors.isNoSuchEntity(e)) {
        return false;
      }
      throw e;
    }
    for (String policy : iam.listUserPoliciesPaginator(r -> r.userName(userName)).policyNames()) {
      ignoreMissing(() -> iam.deleteUserPolicy(r -> r.userName(userName).policyName(policy)));
    }
    for (AttachedPolicy policy :
        iam.listAttachedUserPoliciesPaginator(r -> r.userName(userName)).attachedPolicies()) {
      ignoreMissing(
          () -> iam.detachUserPolicy(r -> r.userName(userName).policyArn(policy.policyArn())));
    }
    for (Group group : iam.listGroupsForUserPaginator(r -> r.userName(userName)).groups()) {
      ignoreMissing(
          () -> iam.removeUserFromGroup(r -> r.userName(userName).groupName(group.groupName())));
    }
    deleteOutOfBandCredentials(userName);
    ignoreMissing(() -> iam.deleteUser(r -> r.userName(userName)));
    log.debug("deleted IAM user {}", userName);
    return true;
  }

  /** What a user may have gained outside Lessor (console password, SSH key, ...). */
  private void deleteOutOfBandCredentials(String userName) {
    ignoreMissing(() -> iam.deleteLoginProfile(r -> r.userName(userName)));
    for (SSHPublicKeyMetadata key :
        iam.listSSHPublicKeysPaginator(r -> r.userName(userName)).sshPublicKeys()) {
      ignoreMissing(
          () ->
              iam.deleteSSHPublicKey(
                  r -> r.userName(userName).sshPublicKeyId(key.sshPublicKeyId())));
    }
    for (SigningCertificate cert :
        iam.listSigningCertificatesPaginator(r -> r.userName(userName)).certificates()) {
      ignoreMissing(
          () ->
              iam.deleteSigningCertificate(
                  r -> r.userName(userName).certificateId(cert.certificateId())));
    }
    for (ServiceSpecificCredentialMetadata cred :
        iam.listServiceSpecificCredentials(r -> r.userName(userName))
            .serviceSpecificCredentials()) {
      ignoreMissing(
          () ->
              iam.deleteServiceSpecificCredential(
                  r ->
                      r.userName(userName)
                          .serviceSpecificCredentialId(cred.serviceSpecificCredentialId())));
    }
    for (MFADevice device : iam.listMFADevicesPaginator(r -> r.userName(userName)).mfaDevices()) {
      ignoreMissing(
          () ->
              iam.deactivateMFADevice(
                  r -> r.userName(userName).serialNumber(device.serialNumber())));
      if (device.serialNumber().contains(":mfa/")) {
        ignoreMissing(() -> iam.deleteVirtualMFADevice(r -> r.serialNumber(device.serialNumber())));
      }
    }
  }

  /** Runs {@code call}; false when IAM answered that its target no longer exists. */
  private static boolean ignoreMissing(Runnable call) {
    try {
      call.run();
      return true;
    } catch (SdkException e) {
      if (AwsErrors.isNoSuchEntity(e)) {
        return false;
      }
      throw e;
    }
  }
}
