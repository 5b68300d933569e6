package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.Lessor;
import dev.lessor.Response;
import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.testing.LocalIam;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Two deployments in one AWS account: two Lessors with separate lease stores, both mounting the AWS
 * engine at {@code aws/}, against one LocalIam. {@code tidy} on one never touches the other's
 * users.
 */
class AwsTidyTwoStoresIT {
  private final ManualClock clock = new ManualClock();
  private final LocalIam iam = LocalIam.builder().clock(clock).start();
  private final InMemoryLeaseStore storeA = new InMemoryLeaseStore();
  private final InMemoryLeaseStore storeB = new InMemoryLeaseStore();
  private final Lessor a = lessor(storeA);
  private final Lessor b = lessor(storeB);

  private Lessor lessor(InMemoryLeaseStore store) {
    Lessor lessor =
        Lessor.builder()
            .clock(clock)
            .scheduler(new ManualScheduler(clock))
            .revocationExecutor(Runnable::run)
            .leaseStore(store)
            .build();
    lessor.mount("aws/", new AwsSecretsEngine(clock::advance));
    lessor.write(
        "aws/config/root",
        Map.of(
            "access_key", iam.adminAccessKeyId(),
            "secret_key", iam.adminSecretAccessKey(),
            "region", iam.region(),
            "iam_endpoint", iam.endpoint().toString(),
            "sts_endpoint", iam.endpoint().toString()));
    lessor.write("aws/roles/app", Map.of("policy", AwsTestBed.EC2_POLICY));
    return lessor;
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
    iam.close();
  }

  private String userOf(Response r) {
    return iam.users().stream()
        .filter(u -> u.accessKeys().stream().anyMatch(k -> k.id().equals(r.string("access_key"))))
        .findFirst()
        .orElseThrow()
        .name();
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object value) {
    return (List<String>) value;
  }

  @Test
  void tidy_twoStoresOneAccount_deletesOnlyItsOwnOrphans() {
    Response liveOfA = a.read("aws/creds/app");
    Response liveOfB = b.read("aws/creds/app");
    Response forgottenOfA = a.read("aws/creds/app");
    Response forgottenOfB = b.read("aws/creds/app");
    String orphanOfA = userOf(forgottenOfA);
    String orphanOfB = userOf(forgottenOfB);
    a.leases().revokeForce(forgottenOfA.lease().orElseThrow().id());
    b.leases().revokeForce(forgottenOfB.lease().orElseThrow().id());
    clock.advance(Duration.ofMinutes(16));

    Response tidyA = a.write("aws/tidy", Map.of());

    assertThat(strings(tidyA.data().get("deleted"))).containsExactly(orphanOfA);
    assertThat(tidyA.data()).containsEntry("scanned", 4).containsEntry("skipped", 2);
    assertThat(iam.users())
        .extracting(LocalIam.User::name)
        .containsExactlyInAnyOrder(userOf(liveOfA), userOf(liveOfB), orphanOfB);

    Response tidyB = b.write("aws/tidy", Map.of());

    assertThat(strings(tidyB.data().get("deleted"))).containsExactly(orphanOfB);
    assertThat(tidyB.data()).containsEntry("scanned", 3).containsEntry("skipped", 1);
    assertThat(iam.users())
        .extracting(LocalIam.User::name)
        .containsExactlyInAnyOrder(userOf(liveOfA), userOf(liveOfB));
  }

  @Test
  void tidy_usersWithoutThisStoresTag_areLeftAloneAndCounted() {
    Response live = a.read("aws/creds/app");
    try (IamClient admin = adminClient()) {
      admin.createUser(u -> u.userName("made-by-hand").path("/lessor/aws/"));
      admin.createUser(
          u ->
              u.userName("other-store")
                  .path("/lessor/aws/")
                  .tags(
                      t -> t.key(IamTags.STORE_ID).value("another-store"),
                      t -> t.key(IamTags.LEASE_ID).value("aws/creds/app/gone")));
    }
    clock.advance(Duration.ofMinutes(16));

    Response dry = a.write("aws/tidy", Map.of("dry_run", true));
    Response done = a.write("aws/tidy", Map.of());

    assertThat(dry.data()).containsEntry("skipped", 2).containsEntry("orphans", List.of());
    assertThat(done.data()).containsEntry("skipped", 2).containsEntry("deleted", List.of());
    assertThat(iam.users())
        .extracting(LocalIam.User::name)
        .containsExactlyInAnyOrder(userOf(live), "made-by-hand", "other-store");
  }

  @Test
  void mint_iamUser_taggedWithTheStoreId() {
    Response live = a.read("aws/creds/app");

    assertThat(iam.user(userOf(live)).orElseThrow().tags())
        .containsEntry(IamTags.STORE_ID, storeA.storeId())
        .containsEntry(IamTags.LEASE_ID, live.lease().orElseThrow().id());
    assertThat(storeA.storeId()).isNotEqualTo(storeB.storeId());
  }

  private IamClient adminClient() {
    return AwsTestBed.adminClient(iam);
  }
}
