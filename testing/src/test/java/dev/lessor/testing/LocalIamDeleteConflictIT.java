package dev.lessor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * DeleteUser refuses while anything remains attached to the user, including what someone may have
 * added out of band (a console password, an SSH key); and the actions a revocation uses to find and
 * remove each of them.
 */
class LocalIamDeleteConflictIT extends LocalIamFixture {
  private static final String POLICY = LocalIamPoliciesIT.POLICY;
  private static final String SSH_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx1Y2tpbHlub3RhcmVhbGtleWJ1dGZpbmVmb3J0ZXN0cw dev@host";

  @BeforeEach
  void createAliceAndGroup() {
    client.createUser(b -> b.userName("alice"));
    client.createGroup(b -> b.groupName("devs"));
  }

  static Stream<Arguments> attachments() {
    return Stream.of(
        attachment(
            "access key",
            c -> c.createAccessKey(b -> b.userName("alice")),
            c ->
                c.listAccessKeys(b -> b.userName("alice"))
                    .accessKeyMetadata()
                    .forEach(
                        k ->
                            c.deleteAccessKey(
                                b -> b.userName("alice").accessKeyId(k.accessKeyId()))),
            "must delete access keys first"),
        attachment(
            "inline policy",
            c -> c.putUserPolicy(b -> b.userName("alice").policyName("p").policyDocument(POLICY)),
            c -> c.deleteUserPolicy(b -> b.userName("alice").policyName("p")),
            "must delete policies first"),
        attachment(
            "managed policy",
            c ->
                c.attachUserPolicy(
                    b -> b.userName("alice").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess")),
            c ->
                c.detachUserPolicy(
                    b -> b.userName("alice").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess")),
            "must detach all policies first"),
        attachment(
            "group membership",
            c -> c.addUserToGroup(b -> b.userName("alice").groupName("devs")),
            c -> c.removeUserFromGroup(b -> b.userName("alice").groupName("devs")),
            "must remove users from group first"),
        attachment(
            "login profile",
            c -> c.createLoginProfile(b -> b.userName("alice").password("correct-horse-battery")),
            c -> c.deleteLoginProfile(b -> b.userName("alice")),
            "must delete login profile first"),
        attachment(
            "SSH public key",
            c -> c.uploadSSHPublicKey(b -> b.userName("alice").sshPublicKeyBody(SSH_KEY)),
            c ->
                c.listSSHPublicKeys(b -> b.userName("alice"))
                    .sshPublicKeys()
                    .forEach(
                        k ->
                            c.deleteSSHPublicKey(
                                b -> b.userName("alice").sshPublicKeyId(k.sshPublicKeyId()))),
            "must delete SSH public keys first"));
  }

  private static Arguments attachment(
      String kind, Consumer<IamClient> attach, Consumer<IamClient> remove, String message) {
    return Arguments.of(kind, attach, remove, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attachments")
  void deleteUser_withAttachment_isDeleteConflictUntilRemoved(
      String kind, Consumer<IamClient> attach, Consumer<IamClient> remove, String message) {
    attach.accept(client);

    assertThatThrownBy(() -> client.deleteUser(b -> b.userName("alice")))
        .isInstanceOf(DeleteConflictException.class)
        .hasMessageContaining("Cannot delete entity, " + message);
    assertThat(iam.user("alice")).isPresent();

    remove.accept(client);
    client.deleteUser(b -> b.userName("alice"));
    assertThat(iam.user("alice")).isEmpty();
  }

  @Test
  void loginProfile_createGetDelete_roundTrips() {
    client.createLoginProfile(
        b -> b.userName("alice").password("correct-horse-battery").passwordResetRequired(true));

    assertThat(client.getLoginProfile(b -> b.userName("alice")).loginProfile())
        .satisfies(p -> assertThat(p.userName()).isEqualTo("alice"))
        .satisfies(p -> assertThat(p.passwordResetRequired()).isTrue());
    assertThat(iam.user("alice").orElseThrow().loginProfile()).isTrue();
    assertThatThrownBy(
            () -> client.createLoginProfile(b -> b.userName("alice").password("another-password")))
        .isInstanceOf(EntityAlreadyExistsException.class)
        .hasMessageContaining("Login Profile for user alice already exists.");
    client.deleteLoginProfile(b -> b.userName("alice"));
    assertThatThrownBy(() -> client.getLoginProfile(b -> b.userName("alice")))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessageContaining("Login Profile for User alice cannot be found.");
  }

  @Test
  void uploadSshPublicKey_listsAndShowsInTheView() {
    String id =
        client
            .uploadSSHPublicKey(b -> b.userName("alice").sshPublicKeyBody(SSH_KEY))
            .sshPublicKey()
            .sshPublicKeyId();

    assertThat(id).startsWith("APKA");
    assertThat(client.listSSHPublicKeys(b -> b.userName("alice")).sshPublicKeys())
        .singleElement()
        .satisfies(k -> assertThat(k.sshPublicKeyId()).isEqualTo(id));
    assertThat(iam.user("alice").orElseThrow().sshPublicKeyIds()).containsExactly(id);
    assertThatThrownBy(
            () -> client.uploadSSHPublicKey(b -> b.userName("alice").sshPublicKeyBody("nope")))
        .hasMessageContaining("The SSH public key is invalid.")
        .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("InvalidPublicKey"));
  }

  @Test
  void credentialsNothingCreates_listEmpty_andDeletingOneIsNoSuchEntity() {
    assertThat(client.listSigningCertificates(b -> b.userName("alice")).certificates()).isEmpty();
    assertThat(client.listMFADevices(b -> b.userName("alice")).mfaDevices()).isEmpty();
    assertThat(
            client
                .listServiceSpecificCredentials(b -> b.userName("alice"))
                .serviceSpecificCredentials())
        .isEmpty();
    assertThatThrownBy(
            () ->
                client.deleteSigningCertificate(
                    b -> b.userName("alice").certificateId("ABCDEFGHIJKLMNOPQRSTUVWXYZ")))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessageContaining(
            "The Certificate with id ABCDEFGHIJKLMNOPQRSTUVWXYZ cannot be found.");
    assertThatThrownBy(
            () ->
                client.deleteServiceSpecificCredential(
                    b -> b.userName("alice").serviceSpecificCredentialId("ACCA1234567890ABCDEF")))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessageContaining("ACCA1234567890ABCDEF cannot be found.");
    assertThatThrownBy(
            () ->
                client.deactivateMFADevice(
                    b -> b.userName("alice").serialNumber("arn:aws:iam::123456789012:mfa/alice")))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessageContaining("arn:aws:iam::123456789012:mfa/alice cannot be found.");
    assertThatThrownBy(() -> client.listMFADevices(b -> b.userName("ghost")))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessageContaining("The user with name ghost cannot be found.");
  }
}
