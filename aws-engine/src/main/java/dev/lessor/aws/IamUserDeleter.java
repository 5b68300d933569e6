package dev.lessor.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
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
 * certificates, service-specific credentials and MFA devices.
 *
 * <p>Two ways, one guarantee. The sweep ({@link #delete(String)}) lists each kind with pagination
 * and deletes what it finds, the kinds concurrently. The direct way ({@link #delete(String,
 * UserAttachments)}), for a user the engine made, deletes the access keys and what the engine
 * attached, then calls {@code DeleteUser}: IAM refuses that with {@code DeleteConflict} while
 * anything at all is left on the user (a login profile or SSH key added out of band, a policy
 * attached since), and then the sweep runs and {@code DeleteUser} is called again. Either way the
 * user is gone only once nothing was left on it.
 *
 * <p>Every run lists the access keys again, so running it twice, or after a half-done run, is safe.
 * A {@code NoSuchEntity} on an item means someone else deleted it first. Only a {@code DeleteUser}
 * that succeeded proves the user gone: a {@code NoSuchEntity} for the user itself is reported, not
 * judged, because a user created moments ago may exist and not be visible yet. Thread-safe; calls
 * run on the caller's thread and the {@link StepRunner}'s.
 */
final class IamUserDeleter {
  private static final Logger log = LoggerFactory.getLogger(IamUserDeleter.class);
  private static final String DELETE_CONFLICT = "DeleteConflict";

  private final IamClient iam;
  private final StepRunner steps;

  IamUserDeleter(IamClient iam, StepRunner steps) {
    this.iam = Objects.requireNonNull(iam, "iam");
    this.steps = Objects.requireNonNull(steps, "steps");
  }

  /**
   * Deletes {@code userName}, which the engine made with {@code attached}, in the fewest calls;
   * sweeps when IAM says something else is still on it.
   *
   * @return true when IAM confirmed the deletion ({@code DeleteUser} succeeded); false when IAM
   *     answered {@code NoSuchEntity} for the user (listing its keys, or to {@code DeleteUser}): it
   *     never existed or is deleted already, or, soon after its creation, IAM does not show it yet,
   *     which only the caller can judge
   * @throws SdkException when an AWS call fails; whatever was deleted stays deleted
   */
  boolean delete(String userName, UserAttachments attached) {
    List<Callable<Object>> calls = new ArrayList<>();
    calls.add(() -> deleteAccessKeys(userName));
    if (attached.inlinePolicy() != null) {
      calls.add(
          quietly(
              () ->
                  iam.deleteUserPolicy(
                      r -> r.userName(userName).policyName(attached.inlinePolicy()))));
    }
    for (String arn : attached.policyArns()) {
      calls.add(quietly(() -> iam.detachUserPolicy(r -> r.userName(userName).policyArn(arn))));
    }
    for (String group : attached.groups()) {
      calls.add(quietly(() -> iam.removeUserFromGroup(r -> r.userName(userName).groupName(group))));
    }
    if (!runAll(calls)) {
      return false;
    }
    boolean deleted;
    try {
      deleted = ignoreMissing(() -> iam.deleteUser(r -> r.userName(userName)));
    } catch (SdkException e) {
      if (!DELETE_CONFLICT.equals(AwsErrors.code(e))) {
        throw e;
      }
      // Something the engine did not put there: a console password, an SSH key, a policy, ...
      log.debug("IAM user {} holds more than the engine attached; sweeping it", userName);
      return delete(userName);
    }
    log.debug(deleted ? "deleted IAM user {}" : "DeleteUser found no IAM user {}", userName);
    return deleted;
  }

  /**
   * Deletes {@code userName} and whatever hangs on it, listing every kind first.
   *
   * @return true when IAM confirmed the deletion ({@code DeleteUser} succeeded); false when IAM
   *     answered {@code NoSuchEntity} for the user (listing its keys, or to {@code DeleteUser}): it
   *     never existed or is deleted already, or, soon after its creation, IAM does not show it yet,
   *     which only the caller can judge
   * @throws SdkException when an AWS call fails; whatever was deleted stays deleted
   */
  boolean delete(String userName) {
    List<Callable<Object>> calls = new ArrayList<>();
    calls.add(() -> deleteAccessKeys(userName));
    calls.add(quietly(() -> deleteInlinePolicies(userName)));
    calls.add(quietly(() -> detachPolicies(userName)));
    calls.add(quietly(() -> leaveGroups(userName)));
    calls.add(quietly(() -> iam.deleteLoginProfile(r -> r.userName(userName))));
    calls.add(quietly(() -> deleteSshKeys(userName)));
    calls.add(quietly(() -> deleteSigningCertificates(userName)));
    calls.add(quietly(() -> deleteServiceCredentials(userName)));
    calls.add(quietly(() -> deleteMfaDevices(userName)));
    if (!runAll(calls)) {
      return false;
    }
    boolean deleted = ignoreMissing(() -> iam.deleteUser(r -> r.userName(userName)));
    log.debug(
        deleted ? "deleted IAM user {} after sweeping it" : "DeleteUser found no IAM user {}",
        userName);
    return deleted;
  }

  /**
   * Runs {@code calls}, the first of which deletes the access keys.
   *
   * @return whether the user existed when its keys were listed
   */
  private boolean runAll(List<Callable<Object>> calls) {
    StepRunner.Outcome outcome = steps.runAll(calls);
    if (outcome.failed()) {
      Throwable first = outcome.failures().get(0);
      outcome.failures().stream().skip(1).forEach(first::addSuppressed);
      throw first instanceof RuntimeException r ? r : new IllegalStateException(first);
    }
    return (Boolean) outcome.results().get(0);
  }

  /** Deletes the access keys; false when the user does not exist. */
  private Boolean deleteAccessKeys(String userName) {
    try {
      for (AccessKeyMetadata key :
          iam.listAccessKeysPaginator(r -> r.userName(userName)).accessKeyMetadata()) {
        ignoreMissing(
            () -> iam.deleteAccessKey(r -> r.userName(userName).accessKeyId(key.accessKeyId())));
      }
      return true;
    } catch (SdkException e) {
      if (AwsErrors.isNoSuchEntity(e)) {
        return false;
      }
      throw e;
    }
  }

  private void deleteInlinePolicies(String userName) {
    for (String policy : iam.listUserPoliciesPaginator(r -> r.userName(userName)).policyNames()) {
      ignoreMissing(() -> iam.deleteUserPolicy(r -> r.userName(userName).policyName(policy)));
    }
  }

  private void detachPolicies(String userName) {
    for (AttachedPolicy policy :
        iam.listAttachedUserPoliciesPaginator(r -> r.userName(userName)).attachedPolicies()) {
      ignoreMissing(
          () -> iam.detachUserPolicy(r -> r.userName(userName).policyArn(policy.policyArn())));
    }
  }

  private void leaveGroups(String userName) {
    for (Group group : iam.listGroupsForUserPaginator(r -> r.userName(userName)).groups()) {
      ignoreMissing(
          () -> iam.removeUserFromGroup(r -> r.userName(userName).groupName(group.groupName())));
    }
  }

  private void deleteSshKeys(String userName) {
    for (SSHPublicKeyMetadata key :
        iam.listSSHPublicKeysPaginator(r -> r.userName(userName)).sshPublicKeys()) {
      ignoreMissing(
          () ->
              iam.deleteSSHPublicKey(
                  r -> r.userName(userName).sshPublicKeyId(key.sshPublicKeyId())));
    }
  }

  private void deleteSigningCertificates(String userName) {
    for (SigningCertificate cert :
        iam.listSigningCertificatesPaginator(r -> r.userName(userName)).certificates()) {
      ignoreMissing(
          () ->
              iam.deleteSigningCertificate(
                  r -> r.userName(userName).certificateId(cert.certificateId())));
    }
  }

  private void deleteServiceCredentials(String userName) {
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
  }

  private void deleteMfaDevices(String userName) {
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

  /**
   * {@code call} as a step that takes {@code NoSuchEntity} as done: the item, or the whole user, is
   * gone already (the access key step alone decides whether the user existed).
   */
  private static Callable<Object> quietly(Runnable call) {
    return () -> ignoreMissing(call);
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
