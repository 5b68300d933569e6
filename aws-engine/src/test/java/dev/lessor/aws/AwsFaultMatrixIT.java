package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.Response;
import dev.lessor.testing.IamFaults;
import dev.lessor.testing.LocalIam;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix of issue 9: every IAM and STS call the engine makes during a mint, a rollback, a
 * revocation, rotate-root, a static role's rotation and tidy ({@link MatrixOperation}), under every
 * kind of fault ({@link MatrixFault}). For each cell: the caller gets an error or a credential
 * whose lease is in the store when the call returns; once the faults are gone and revocation has
 * drained, no lease is left, no user of the engine's remains and no STS session outlives its lease;
 * and no call takes longer than {@link MatrixBed#BOUND}. Time moves on a manual clock; LocalIam is
 * shared by the cells and reset between them.
 */
class AwsFaultMatrixIT {
  private static final String SSH_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq1o0bNw5YyBqfH3zq8q7lP0mO8Y4c";

  private static MatrixAccount account;
  private MatrixBed bed;

  @BeforeAll
  static void startLocalIam() {
    account = new MatrixAccount();
  }

  @AfterAll
  static void stopLocalIam() {
    account.close();
  }

  @AfterEach
  void removeLeftovers() {
    if (bed != null) {
      bed.close();
    }
    account.removeLeftovers();
  }

  static Stream<Arguments> cells() {
    return Stream.of(MatrixOperation.values())
        .flatMap(
            op ->
                op.actions().stream()
                    .flatMap(
                        action ->
                            Stream.of(MatrixFault.values())
                                .filter(fault -> op.applies(action, fault))
                                .map(fault -> Arguments.of(op, action, fault))));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cells")
  void operation_faultOnAction_noCredentialOutlivesItsLease(
      MatrixOperation op, String action, MatrixFault fault) {
    try {
      run(op, action, fault);
    } catch (AssertionError | RuntimeException e) {
      // Surefire's report names a cell by its index only: say which cell failed.
      throw new AssertionError(op + " " + action + " " + fault + ": " + e.getMessage(), e);
    }
  }

  private void run(MatrixOperation op, String action, MatrixFault fault) {
    bed =
        new MatrixBed(
            account,
            op == MatrixOperation.ROTATE_ROOT || op == MatrixOperation.ROTATE_ROOT_AFTER_LOST_KEY
                ? account.rotatorConfig()
                : account.rootConfig());
    int[] callsBefore = new int[1];
    Consumer<IamFaults> arm =
        f -> {
          callsBefore[0] = account.iam.callCount(action);
          fault.arm(f, action, MatrixBed.ATTEMPTS);
        };
    switch (op) {
      case MINT_INLINE_POLICY -> mint("inline", arm);
      case MINT_AFTER_LOST_CREATE_USER ->
          mint("inline", f -> arm.accept(f.actThenDrop("CreateUser", 1)));
      case MINT_AFTER_LOST_ACCESS_KEY ->
          mint("inline", f -> arm.accept(f.actThenDrop("CreateAccessKey", 1)));
      case MINT_MANAGED_POLICY -> mint("managed", arm);
      case MINT_GROUP -> mint("group", arm);
      case MINT_WAIT_READY -> mint("ready", arm);
      case MINT_ASSUMED_ROLE -> mint("assumed", arm);
      case MINT_FEDERATION_TOKEN -> mint("federated", arm);
      case MINT_SESSION_TOKEN -> mint("session", arm);
      case ROLLBACK -> rollback(arm);
      case REVOKE -> revoke(arm, false);
      case REVOKE_SWEEP -> revoke(arm, true);
      case EXPIRE -> expire(arm);
      case ROTATE_ROOT -> rotateRoot(arm);
      case ROTATE_ROOT_AFTER_LOST_KEY ->
          rotateRoot(f -> arm.accept(f.actThenDrop("CreateAccessKey", 1)));
      case STATIC_FIRST_ROTATION -> staticRotation().first(2, arm);
      case STATIC_ROTATION -> staticRotation().scheduled(arm);
      case STATIC_ROTATION_AFTER_LOST_KEY ->
          staticRotation().first(1, f -> arm.accept(f.actThenDrop("CreateAccessKey", 1)));
      case TIDY -> tidy(arm);
    }
    if (!action.equals(MatrixFault.EVERY_IAM_ACTION)) {
      assertThat(account.iam.callCount(action))
          .as("calls of %s once the fault was armed (else the cell tests nothing)", action)
          .isGreaterThan(callsBefore[0]);
    }
    bed.settleAndCheck();
  }

  private MatrixStaticRotation staticRotation() {
    MatrixStaticRotation.createUser(account);
    return new MatrixStaticRotation(bed);
  }

  private void mint(String role, Consumer<IamFaults> arm) {
    arm.accept(account.iam.faults());

    MatrixBed.Outcome out = bed.mint(role);

    if (out.ok()) {
      assertIssued(out);
    }
  }

  /**
   * A credential handed out is the one its lease covers: the user's key, or a session within it.
   */
  private void assertIssued(MatrixBed.Outcome out) {
    String accessKey = out.response().string("access_key");
    String user = bed.userOf(out.leaseId());
    if (user != null) {
      assertThat(account.iam.user(user))
          .as("the user of lease %s", out.leaseId())
          .hasValueSatisfying(
              u ->
                  assertThat(u.accessKeys())
                      .extracting(LocalIam.AccessKeyView::id)
                      .contains(accessKey));
      return;
    }
    assertThat(account.iam.sessions())
        .filteredOn(s -> s.accessKeyId().equals(accessKey))
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.expiration())
                    .isBeforeOrEqualTo(out.response().lease().orElseThrow().expireTime()));
  }

  /** A mint whose wait_ready never succeeds, so that it rolls back a fully equipped user. */
  private void rollback(Consumer<IamFaults> arm) {
    IamFaults faults = account.iam.faults().deny("GetCallerIdentity", 1_000);
    arm.accept(faults);

    MatrixBed.Outcome out = bed.mint("full-ready");

    assertThat(out.ok()).as("a mint whose key never works").isFalse();
  }

  private void revoke(Consumer<IamFaults> arm, boolean withExtras) {
    MatrixBed.Outcome minted = bed.mint("full").requireOk("the mint before any fault");
    String id = minted.leaseId();
    String user = bed.userOf(id);
    if (withExtras) {
      account.admin.createLoginProfile(p -> p.userName(user).password("Sup3r-secret-pw"));
      account.admin.uploadSSHPublicKey(k -> k.userName(user).sshPublicKeyBody(SSH_KEY));
    }
    arm.accept(account.iam.faults());

    MatrixBed.Outcome out =
        bed.attempt(
            "revoke " + id,
            () -> {
              bed.lessor.leases().revoke(id);
              return Response.builder().build();
            });

    if (out.ok()) {
      assertThat(bed.store.get(id)).as("a lease revoked").isEmpty();
      assertThat(account.iam.user(user)).as("the user of a lease revoked").isEmpty();
    } else {
      assertThat(bed.store.get(id)).as("a lease whose revocation failed").isPresent();
    }
  }

  /** A short lease expires under the fault: it is revoked, or it stays for the next try. */
  private void expire(Consumer<IamFaults> arm) {
    MatrixBed.Outcome minted =
        bed.attempt(
                "read aws/creds/full ttl=30s",
                () -> bed.lessor.read("aws/creds/full", Map.of("ttl", "30s")))
            .requireOk("the mint before any fault");
    String id = minted.leaseId();
    String user = bed.userOf(id);
    arm.accept(account.iam.faults());

    MatrixBed.bounded(
        "expiry of " + id,
        () -> {
          account.clock.advance(Duration.ofSeconds(30));
          return null;
        });

    if (bed.store.get(id).isEmpty()) {
      assertThat(account.iam.user(user)).as("the user of a lease that expired").isEmpty();
    } else {
      assertThat(bed.store.get(id).orElseThrow().dueTime())
          .as("the next try of a lease whose revocation did not finish")
          .isAfter(account.clock.instant());
    }
  }

  /**
   * rotate-root: afterwards config/root names a key of the root user, and the user holds no other
   * key but the old one, and that only when the answer warned that it must be deleted by hand.
   */
  private void rotateRoot(Consumer<IamFaults> arm) {
    Set<String> before = account.rotatorKeys();
    arm.accept(account.iam.faults());

    MatrixBed.Outcome out =
        bed.attempt(
            "write aws/config/rotate-root",
            () -> bed.lessor.write("aws/config/rotate-root", Map.of()));

    account.iam.faults().clear();
    String configured = bed.lessor.read("aws/config/root").string("access_key");
    Set<String> allowed = new HashSet<>(Set.of(configured));
    if (out.ok()) {
      before.stream()
          .filter(old -> out.response().warnings().toString().contains(old))
          .forEach(allowed::add);
      assertThat(account.rotatorKeys())
          .as("keys of the root user that rotate-root warned were left: %s", allowed)
          .containsAll(allowed);
    }
    assertThat(account.rotatorKeys())
        .as("keys of the root user; config/root names %s", configured)
        .contains(configured)
        .isSubsetOf(allowed);
    bed.mint("inline").requireOk("a mint after rotate-root");
  }

  /**
   * tidy of an orphan next to a live lease: it never deletes the live lease's user, and run again
   * once the faults are gone, it leaves no orphan.
   */
  private void tidy(Consumer<IamFaults> arm) {
    MatrixBed.Outcome live = bed.mint("full").requireOk("the first mint before any fault");
    MatrixBed.Outcome orphan = bed.mint("full").requireOk("the second mint before any fault");
    String liveUser = bed.userOf(live.leaseId());
    String orphanUser = bed.userOf(orphan.leaseId());
    bed.lessor.leases().revokeForce(orphan.leaseId());
    account.clock.advance(Tidy.DEFAULT_GRACE.plusMinutes(1));
    arm.accept(account.iam.faults());

    MatrixBed.Outcome tidied =
        bed.attempt("write aws/tidy", () -> bed.lessor.write("aws/tidy", Map.of()));

    assertThat(account.iam.user(liveUser)).as("the user of a live lease, after tidy").isPresent();
    if (tidied.ok()) {
      assertThat(tidied.response().data().get("deleted"))
          .as("what tidy says it deleted")
          .isEqualTo(java.util.List.of(orphanUser));
      assertThat(account.iam.user(orphanUser)).as("the orphan tidy deleted").isEmpty();
    }
    account.iam.faults().clear();
    bed.attempt("write aws/tidy again", () -> bed.lessor.write("aws/tidy", Map.of()))
        .requireOk("tidy without faults");
    assertThat(account.iam.user(orphanUser)).as("the orphan, after tidy ran again").isEmpty();
    assertThat(account.iam.user(liveUser)).as("the user of a live lease").isPresent();
  }
}
