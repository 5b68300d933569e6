package dev.lessor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.GetGroupResponse;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.Role;

/** Inline and managed policies, groups and roles through the real {@link IamClient}. */
class LocalIamPoliciesIT extends LocalIamFixture {
  static final String POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bucket/*\"}]}";
  static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},"
          + "\"Action\":\"sts:AssumeRole\"}]}";

  @BeforeEach
  void createAlice() {
    client.createUser(b -> b.userName("alice"));
  }

  @Test
  void putUserPolicy_getListDelete_roundTripTheDocument() {
    client.putUserPolicy(b -> b.userName("alice").policyName("s3").policyDocument(POLICY));
    client.putUserPolicy(b -> b.userName("alice").policyName("a-first").policyDocument(POLICY));

    String encoded =
        client.getUserPolicy(b -> b.userName("alice").policyName("s3")).policyDocument();
    // IAM returns policy documents URL-encoded; so does LocalIam.
    assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(POLICY);
    assertThat(client.listUserPolicies(b -> b.userName("alice")).policyNames())
        .containsExactly("a-first", "s3");
    assertThat(iam.user("alice").orElseThrow().inlinePolicies())
        .isEqualTo(Map.of("s3", POLICY, "a-first", POLICY));
    client.deleteUserPolicy(b -> b.userName("alice").policyName("s3"));
    assertThatThrownBy(() -> client.getUserPolicy(b -> b.userName("alice").policyName("s3")))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessageContaining("The user policy with name s3 cannot be found.");
  }

  @Test
  void putUserPolicy_notJson_isMalformedPolicyDocument() {
    assertThatThrownBy(
            () ->
                client.putUserPolicy(
                    b -> b.userName("alice").policyName("p").policyDocument("{\"Statement\": [")))
        .isInstanceOf(MalformedPolicyDocumentException.class)
        .hasMessageContaining("Syntax errors in policy.");
    assertThatThrownBy(
            () ->
                client.putUserPolicy(
                    b -> b.userName("alice").policyName("p").policyDocument("{\"Version\":\"1\"}")))
        .isInstanceOf(MalformedPolicyDocumentException.class)
        .hasMessageContaining("Policy document must contain a Statement.");
  }

  @Test
  void putUserPolicy_beyond2048CharactersPerUser_isLimitExceeded() {
    String resource = "arn:aws:s3:::" + "b".repeat(1000);
    String big = POLICY.replace("arn:aws:s3:::bucket/*", resource);
    // Whitespace does not count towards the quota.
    String padded = big.replace(",", ",    \n    ");
    client.putUserPolicy(b -> b.userName("alice").policyName("one").policyDocument(padded));
    client.putUserPolicy(b -> b.userName("alice").policyName("one").policyDocument(big));

    assertThatThrownBy(
            () ->
                client.putUserPolicy(
                    b -> b.userName("alice").policyName("two").policyDocument(big)))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("Maximum policy size of 2048 bytes exceeded for user alice");
  }

  @Test
  void createPolicy_attachListDetach_andGetPolicyCountsAttachments() {
    Policy policy =
        client
            .createPolicy(b -> b.policyName("lessor-s3").path("/lessor/").policyDocument(POLICY))
            .policy();
    assertThat(policy.arn()).isEqualTo("arn:aws:iam::123456789012:policy/lessor/lessor-s3");

    client.attachUserPolicy(b -> b.userName("alice").policyArn(policy.arn()));
    client.attachUserPolicy(
        b -> b.userName("alice").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));

    assertThat(client.listAttachedUserPolicies(b -> b.userName("alice")).attachedPolicies())
        .extracting(p -> p.policyName())
        .containsExactlyInAnyOrder("lessor-s3", "ReadOnlyAccess");
    assertThat(client.getPolicy(b -> b.policyArn(policy.arn())).policy().attachmentCount())
        .isEqualTo(1);
    assertThat(iam.user("alice").orElseThrow().attachedPolicyArns())
        .containsExactly(policy.arn(), "arn:aws:iam::aws:policy/ReadOnlyAccess");
    client.detachUserPolicy(b -> b.userName("alice").policyArn(policy.arn()));
    assertThatThrownBy(
            () -> client.detachUserPolicy(b -> b.userName("alice").policyArn(policy.arn())))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessageContaining("Policy " + policy.arn() + " was not found.");
    assertThatThrownBy(
            () ->
                client.createPolicy(
                    b -> b.policyName("lessor-s3").path("/lessor/").policyDocument(POLICY)))
        .isInstanceOf(EntityAlreadyExistsException.class)
        .hasMessageContaining("A policy called lessor-s3 already exists.");
  }

  @Test
  void attachUserPolicy_unknownPolicy_isNoSuchEntity() {
    String arn = "arn:aws:iam::123456789012:policy/missing";

    assertThatThrownBy(() -> client.attachUserPolicy(b -> b.userName("alice").policyArn(arn)))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessageContaining("Policy " + arn + " does not exist or is not attachable.");
    assertThatThrownBy(() -> client.getPolicy(b -> b.policyArn(arn)))
        .isInstanceOf(NoSuchEntityException.class);
  }

  @Test
  void attachUserPolicy_eleventhPolicy_isLimitExceeded() {
    List<String> arns = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      int n = i;
      arns.add(
          client.createPolicy(b -> b.policyName("p" + n).policyDocument(POLICY)).policy().arn());
    }
    for (String arn : arns.subList(0, 10)) {
      client.attachUserPolicy(b -> b.userName("alice").policyArn(arn));
    }

    assertThatThrownBy(
            () -> client.attachUserPolicy(b -> b.userName("alice").policyArn(arns.get(10))))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("Cannot exceed quota for PoliciesPerUser: 10");
  }

  @Test
  void everyListAction_withMaxItemsOne_pagesThroughEverything() {
    for (int i = 0; i < 3; i++) {
      int n = i;
      client.putUserPolicy(b -> b.userName("alice").policyName("p" + n).policyDocument(POLICY));
      client.createGroup(b -> b.groupName("g" + n));
      client.addUserToGroup(b -> b.groupName("g" + n).userName("alice"));
    }
    client.attachUserPolicy(
        b -> b.userName("alice").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
    client.attachUserPolicy(
        b -> b.userName("alice").policyArn("arn:aws:iam::aws:policy/PowerUserAccess"));
    client.createAccessKey(b -> b.userName("alice"));
    client.createAccessKey(b -> b.userName("alice"));
    client.createUser(b -> b.userName("bob"));
    client.addUserToGroup(b -> b.groupName("g0").userName("bob"));

    assertThat(client.listUserPoliciesPaginator(b -> b.userName("alice").maxItems(1)).policyNames())
        .containsExactly("p0", "p1", "p2");
    assertThat(client.listGroupsForUserPaginator(b -> b.userName("alice").maxItems(1)).groups())
        .extracting(g -> g.groupName())
        .containsExactly("g0", "g1", "g2");
    assertThat(
            client
                .listAttachedUserPoliciesPaginator(b -> b.userName("alice").maxItems(1))
                .attachedPolicies())
        .extracting(p -> p.policyName())
        .containsExactlyInAnyOrder("ReadOnlyAccess", "PowerUserAccess");
    assertThat(
            client
                .listAccessKeysPaginator(b -> b.userName("alice").maxItems(1))
                .accessKeyMetadata())
        .hasSize(2);
    assertThat(client.getGroupPaginator(b -> b.groupName("g0").maxItems(1)).users())
        .extracting(u -> u.userName())
        .containsExactly("alice", "bob");
  }

  @Test
  void createPolicy_beyond6144Characters_isLimitExceeded() {
    String huge = POLICY.replace("bucket/*", "b".repeat(6_200));

    assertThatThrownBy(() -> client.createPolicy(b -> b.policyName("huge").policyDocument(huge)))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("Cannot exceed quota for PolicySize: 6144");
  }

  @Test
  void groups_createAddListGetRemoveDelete() {
    client.createUser(b -> b.userName("bob"));
    client.createGroup(b -> b.groupName("devs").path("/teams/"));
    client.addUserToGroup(b -> b.groupName("devs").userName("alice"));
    client.addUserToGroup(b -> b.groupName("devs").userName("bob"));

    assertThat(client.listGroupsForUser(b -> b.userName("alice")).groups())
        .singleElement()
        .satisfies(
            g -> assertThat(g.arn()).isEqualTo("arn:aws:iam::123456789012:group/teams/devs"));
    GetGroupResponse group = client.getGroup(b -> b.groupName("devs").maxItems(1));
    assertThat(group.group().groupName()).isEqualTo("devs");
    assertThat(group.users()).extracting(u -> u.userName()).containsExactly("alice");
    assertThat(group.isTruncated()).isTrue();
    assertThat(iam.user("bob").orElseThrow().groups()).containsExactly("devs");
    assertThatThrownBy(() -> client.deleteGroup(b -> b.groupName("devs")))
        .isInstanceOf(DeleteConflictException.class)
        .hasMessageContaining("must remove users from group first");

    client.removeUserFromGroup(b -> b.groupName("devs").userName("alice"));
    client.removeUserFromGroup(b -> b.groupName("devs").userName("bob"));
    assertThatThrownBy(() -> client.removeUserFromGroup(b -> b.groupName("devs").userName("bob")))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessageContaining("User bob is not a member of group devs.");
    client.deleteGroup(b -> b.groupName("devs"));
    assertThatThrownBy(() -> client.getGroup(b -> b.groupName("devs")))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessageContaining("The group with name devs cannot be found.");
  }

  @Test
  void addUserToGroup_eleventhGroup_isLimitExceeded() {
    for (int i = 0; i < 11; i++) {
      int n = i;
      client.createGroup(b -> b.groupName("g" + n));
    }
    for (int i = 0; i < 10; i++) {
      int n = i;
      client.addUserToGroup(b -> b.groupName("g" + n).userName("alice"));
    }

    assertThatThrownBy(() -> client.addUserToGroup(b -> b.groupName("g10").userName("alice")))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("Cannot exceed quota for GroupsPerUser: 10");
    assertThatThrownBy(() -> client.createGroup(b -> b.groupName("G0")))
        .isInstanceOf(EntityAlreadyExistsException.class);
  }

  @Test
  void roles_createGetPutPolicyDelete() {
    Role role =
        client
            .createRole(
                b ->
                    b.roleName("deployer")
                        .path("/lessor/")
                        .assumeRolePolicyDocument(TRUST)
                        .maxSessionDuration(7200)
                        .description("deploys"))
            .role();
    assertThat(role.arn()).isEqualTo("arn:aws:iam::123456789012:role/lessor/deployer");
    assertThat(role.roleId()).startsWith("AROA");

    Role fetched = client.getRole(b -> b.roleName("deployer")).role();
    assertThat(fetched.maxSessionDuration()).isEqualTo(7200);
    assertThat(URLDecoder.decode(fetched.assumeRolePolicyDocument(), StandardCharsets.UTF_8))
        .isEqualTo(TRUST);
    client.putRolePolicy(b -> b.roleName("deployer").policyName("s3").policyDocument(POLICY));
    assertThatThrownBy(() -> client.deleteRole(b -> b.roleName("deployer")))
        .isInstanceOf(DeleteConflictException.class)
        .hasMessageContaining("Cannot delete entity, must delete policies first.");
    client.deleteRolePolicy(b -> b.roleName("deployer").policyName("s3"));
    client.deleteRole(b -> b.roleName("deployer"));
    assertThatThrownBy(() -> client.getRole(b -> b.roleName("deployer")))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessageContaining("The role with name deployer cannot be found.");
  }

  @Test
  void createRole_duplicateOrBadTrustPolicy_isRefused() {
    client.createRole(b -> b.roleName("r").assumeRolePolicyDocument(TRUST));

    assertThatThrownBy(
            () -> client.createRole(b -> b.roleName("r").assumeRolePolicyDocument(TRUST)))
        .isInstanceOf(EntityAlreadyExistsException.class)
        .hasMessageContaining("Role with name r already exists.");
    assertThatThrownBy(() -> client.createRole(b -> b.roleName("s").assumeRolePolicyDocument("x")))
        .isInstanceOf(MalformedPolicyDocumentException.class);
    assertThatThrownBy(
            () ->
                client.createRole(
                    b -> b.roleName("t").assumeRolePolicyDocument(TRUST).maxSessionDuration(60)))
        .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("ValidationError"))
        .hasMessageContaining("greater than or equal to 3600");
    assertThatThrownBy(() -> client.deleteRolePolicy(b -> b.roleName("r").policyName("none")))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessageContaining("The role policy with name none cannot be found.");
  }
}
