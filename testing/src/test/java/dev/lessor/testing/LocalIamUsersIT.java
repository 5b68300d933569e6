package dev.lessor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListUsersResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

/** Users, tags, access keys and pagination through the real {@link IamClient}. */
class LocalIamUsersIT extends LocalIamFixture {
  @Test
  void createUser_withPathBoundaryAndTags_isVisibleThroughGetUserAndTheView() {
    User created =
        client
            .createUser(
                b ->
                    b.userName("alice")
                        .path("/lessor/")
                        .permissionsBoundary("arn:aws:iam::aws:policy/ReadOnlyAccess")
                        .tags(Tag.builder().key("lease").value("aws/creds/r/1").build()))
            .user();

    assertThat(created.arn()).isEqualTo("arn:aws:iam::123456789012:user/lessor/alice");
    assertThat(created.userId()).startsWith("AIDA").hasSize(20);
    User fetched = client.getUser(b -> b.userName("alice")).user();
    assertThat(fetched.path()).isEqualTo("/lessor/");
    assertThat(fetched.permissionsBoundary().permissionsBoundaryArn())
        .isEqualTo("arn:aws:iam::aws:policy/ReadOnlyAccess");
    assertThat(fetched.tags())
        .containsExactly(Tag.builder().key("lease").value("aws/creds/r/1").build());
    LocalIam.User view = iam.user("alice").orElseThrow();
    assertThat(view.arn()).isEqualTo(created.arn());
    assertThat(view.tags()).isEqualTo(Map.of("lease", "aws/creds/r/1"));
    assertThat(view.permissionsBoundary()).contains("arn:aws:iam::aws:policy/ReadOnlyAccess");
  }

  @Test
  void createUser_sameNameInAnotherCase_isEntityAlreadyExists() {
    client.createUser(b -> b.userName("alice"));

    assertThatThrownBy(() -> client.createUser(b -> b.userName("ALICE")))
        .isInstanceOf(EntityAlreadyExistsException.class)
        .hasMessageContaining("User with name ALICE already exists.");
  }

  @Test
  void createUser_invalidNameOrPath_isValidationError() {
    assertThatThrownBy(() -> client.createUser(b -> b.userName("bad name")))
        .isInstanceOf(IamException.class)
        .hasMessageContaining("failed to satisfy constraint")
        .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("ValidationError"));
    assertThatThrownBy(() -> client.createUser(b -> b.userName("x".repeat(65))))
        .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("ValidationError"))
        .hasMessageContaining("Member must have length less than or equal to 64");
    assertThatThrownBy(() -> client.createUser(b -> b.userName("bob").path("lessor")))
        .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("ValidationError"))
        .hasMessageContaining("'path'");
    assertThat(iam.users()).isEmpty();
  }

  @Test
  void createUser_beyondConfiguredLimit_isLimitExceeded() {
    try (LocalIam small = LocalIam.builder().userLimit(2).start();
        IamClient c = IamClients.iam(small)) {
      c.createUser(b -> b.userName("u1"));
      c.createUser(b -> b.userName("u2"));

      assertThatThrownBy(() -> c.createUser(b -> b.userName("u3")))
          .isInstanceOf(LimitExceededException.class)
          .hasMessageContaining("Cannot exceed quota for UsersPerAccount: 2");
      c.deleteUser(b -> b.userName("u1"));
      c.createUser(b -> b.userName("u3"));
      assertThat(small.users()).extracting(LocalIam.User::name).containsExactly("u2", "u3");
    }
  }

  @Test
  void getUser_unknownUser_isNoSuchEntity() {
    assertThatThrownBy(() -> client.getUser(b -> b.userName("ghost")))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessageContaining("The user with name ghost cannot be found.");
  }

  @Test
  void getUser_withoutName_describesTheCaller() {
    assertThat(client.getUser().user().arn()).isEqualTo("arn:aws:iam::123456789012:root");

    client.createUser(b -> b.userName("alice"));
    AccessKey key = client.createAccessKey(b -> b.userName("alice")).accessKey();
    try (IamClient alice = IamClients.iam(iam, key.accessKeyId(), key.secretAccessKey())) {
      User self = alice.getUser().user();
      assertThat(self.userName()).isEqualTo("alice");
      assertThat(self.arn()).isEqualTo("arn:aws:iam::123456789012:user/alice");
    }
  }

  @Test
  void listUsers_withMaxItems_pagesThroughEveryUserOnce() {
    for (int i = 0; i < 7; i++) {
      int n = i;
      client.createUser(b -> b.userName("user-" + n).path(n % 2 == 0 ? "/even/" : "/odd/"));
    }

    List<String> seen = new ArrayList<>();
    String marker = null;
    int pages = 0;
    do {
      String m = marker;
      ListUsersResponse page = client.listUsers(b -> b.maxItems(3).marker(m));
      page.users().forEach(u -> seen.add(u.userName()));
      marker = page.isTruncated() ? page.marker() : null;
      pages++;
    } while (marker != null);

    assertThat(pages).isEqualTo(3);
    assertThat(seen)
        .containsExactly("user-0", "user-1", "user-2", "user-3", "user-4", "user-5", "user-6");
    assertThat(client.listUsersPaginator(b -> b.maxItems(2)).users()).hasSize(7);
    assertThat(client.listUsers(b -> b.pathPrefix("/even/")).users())
        .extracting(User::userName)
        .containsExactly("user-0", "user-2", "user-4", "user-6");
  }

  @Test
  void listUsers_maxItemsOutOfRange_isValidationError() {
    assertThatThrownBy(() -> client.listUsers(b -> b.maxItems(1001)))
        .satisfies(e -> assertThat(IamClients.iamErrorCode(e)).isEqualTo("ValidationError"))
        .hasMessageContaining("less than or equal to 1000");
  }

  @Test
  void tagUser_untagUser_listUserTags_keepTheTagSet() {
    client.createUser(b -> b.userName("alice"));
    client.tagUser(b -> b.userName("alice").tags(tag("a", "1"), tag("b", "2"), tag("c", "3")));
    client.untagUser(b -> b.userName("alice").tagKeys("b"));

    assertThat(client.listUserTags(b -> b.userName("alice")).tags())
        .containsExactly(tag("a", "1"), tag("c", "3"));
    var firstPage = client.listUserTags(b -> b.userName("alice").maxItems(1));
    assertThat(firstPage.isTruncated()).isTrue();
    assertThat(firstPage.tags()).containsExactly(tag("a", "1"));
    assertThat(iam.user("alice").orElseThrow().tags()).isEqualTo(Map.of("a", "1", "c", "3"));
  }

  @Test
  void tagUser_beyondFiftyTags_isLimitExceeded() {
    client.createUser(b -> b.userName("alice"));
    List<Tag> tags = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      tags.add(tag("k" + i, "v"));
    }

    assertThatThrownBy(() -> client.tagUser(b -> b.userName("alice").tags(tags)))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("The number of tags has reached the maximum limit.");
  }

  @Test
  void createAccessKey_thirdKey_isLimitExceeded() {
    client.createUser(b -> b.userName("alice"));
    AccessKey first = client.createAccessKey(b -> b.userName("alice")).accessKey();
    client.createAccessKey(b -> b.userName("alice"));

    assertThatThrownBy(() -> client.createAccessKey(b -> b.userName("alice")))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("Cannot exceed quota for AccessKeysPerUser: 2");
    assertThat(first.accessKeyId()).startsWith("AKIA").hasSize(20);
    assertThat(first.secretAccessKey()).hasSize(40);
    assertThat(first.status()).isEqualTo(StatusType.ACTIVE);
  }

  @Test
  void listAccessKeys_updateAccessKey_deleteAccessKey_manageTheUsersKeys() {
    client.createUser(b -> b.userName("alice"));
    String id = client.createAccessKey(b -> b.userName("alice")).accessKey().accessKeyId();

    client.updateAccessKey(b -> b.userName("alice").accessKeyId(id).status(StatusType.INACTIVE));

    assertThat(client.listAccessKeys(b -> b.userName("alice")).accessKeyMetadata())
        .singleElement()
        .satisfies(k -> assertThat(k.accessKeyId()).isEqualTo(id))
        .satisfies(k -> assertThat(k.status()).isEqualTo(StatusType.INACTIVE));
    assertThat(iam.user("alice").orElseThrow().accessKeys())
        .containsExactly(new LocalIam.AccessKeyView(id, "Inactive"));
    client.deleteAccessKey(b -> b.userName("alice").accessKeyId(id));
    assertThat(client.listAccessKeys(b -> b.userName("alice")).accessKeyMetadata()).isEmpty();
    assertThatThrownBy(() -> client.deleteAccessKey(b -> b.userName("alice").accessKeyId(id)))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessageContaining("The Access Key with id " + id + " cannot be found.");
  }

  @Test
  void listAccessKeys_withoutUserName_listsTheCallersKeys() {
    assertThat(client.listAccessKeys().accessKeyMetadata())
        .extracting(k -> k.accessKeyId())
        .containsExactly(iam.adminAccessKeyId());

    client.createUser(b -> b.userName("alice"));
    AccessKey key = client.createAccessKey(b -> b.userName("alice")).accessKey();
    try (IamClient alice = IamClients.iam(iam, key.accessKeyId(), key.secretAccessKey())) {
      assertThat(alice.listAccessKeys().accessKeyMetadata())
          .singleElement()
          .satisfies(k -> assertThat(k.userName()).isEqualTo("alice"))
          .satisfies(k -> assertThat(k.accessKeyId()).isEqualTo(key.accessKeyId()));
    }
  }

  @Test
  void updateAccessKey_otherUsersKey_isNoSuchEntity() {
    client.createUser(b -> b.userName("alice"));
    client.createUser(b -> b.userName("bob"));
    String id = client.createAccessKey(b -> b.userName("alice")).accessKey().accessKeyId();

    assertThatThrownBy(
            () ->
                client.updateAccessKey(
                    b -> b.userName("bob").accessKeyId(id).status(StatusType.INACTIVE)))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessageContaining("The Access Key with id " + id + " cannot be found.");
  }

  @Test
  void deleteUser_unknownUser_isNoSuchEntity() {
    assertThatThrownBy(() -> client.deleteUser(b -> b.userName("ghost")))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessageContaining("The user with name ghost cannot be found.");
  }

  static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }
}
