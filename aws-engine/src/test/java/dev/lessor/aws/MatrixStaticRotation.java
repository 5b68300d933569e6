package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.NotFoundException;
import dev.lessor.Response;
import dev.lessor.testing.IamFaults;
import dev.lessor.testing.LocalIam;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The static-role rows of the fault matrix: a rotation of {@code static-roles/app}, run by the
 * core's task runner when the revocation loop wakes on the manual clock, meets the cell's fault.
 * Afterwards, with the faults gone and the task's retries driven by the clock: {@code
 * static-creds/app} returns a key STS accepts, the user holds that key and the one it replaced
 * while their overlap lasts, and once it ends that key alone (no key a failed try made is left).
 */
final class MatrixStaticRotation {
  static final String USER = "matrix-static";
  private static final String ROLE = "aws/static-roles/app";
  private static final String CREDS = "aws/static-creds/app";

  /**
   * The role's rotation_period and rotation_overlap (as in {@link #fields}): when a period has
   * passed, the overlap has ended too, so that one run deletes the replaced key and rotates.
   */
  private static final Duration PERIOD = Duration.ofHours(2);

  private static final Duration OVERLAP = Duration.ofHours(1);

  /** The task's retries back off to a minute at most ({@link MatrixBed}'s retry policy). */
  private static final Duration STEP = Duration.ofMinutes(1);

  private static final int MAX_STEPS = 120;

  private final MatrixBed bed;
  private final MatrixAccount account;

  MatrixStaticRotation(MatrixBed bed) {
    this.bed = bed;
    this.account = bed.account;
  }

  /**
   * The first rotation, which the write of the role starts at once, of a user with {@code ownKeys}
   * keys of its own (with two, the older is deleted first, as IAM allows two). A write that fails
   * (its GetUser met the fault) stores nothing, and the caller writes again.
   */
  void first(int ownKeys, Consumer<IamFaults> arm) {
    String newest = null;
    for (int i = 0; i < ownKeys; i++) {
      newest = account.admin.createAccessKey(r -> r.userName(USER)).accessKey().accessKeyId();
      account.clock.advance(STEP); // so that the keys' creation dates differ
    }
    arm.accept(account.iam.faults());

    MatrixBed.Outcome written =
        bed.attempt("write " + ROLE, () -> bed.lessor.write(ROLE, fields()));

    account.iam.faults().clear();
    if (!written.ok()) {
      assertThatThrownBy(() -> bed.lessor.read(ROLE))
          .as("a static role whose write failed")
          .isInstanceOf(NotFoundException.class);
      bed.attempt("write " + ROLE + " again", () -> bed.lessor.write(ROLE, fields()))
          .requireOk("the write without faults");
    }
    assertRotated(newest);
  }

  /**
   * A rotation when its period has passed, in the same run as the deletion of the key the first
   * rotation replaced (its overlap ended too).
   */
  void scheduled(Consumer<IamFaults> arm) {
    account.admin.createAccessKey(r -> r.userName(USER));
    bed.attempt("write " + ROLE, () -> bed.lessor.write(ROLE, fields()))
        .requireOk("the write before any fault");
    String first = rotated(null).string("access_key");
    arm.accept(account.iam.faults());

    MatrixBed.bounded(
        "the rotation due after " + PERIOD,
        () -> {
          account.clock.advance(PERIOD);
          return null;
        });

    account.iam.faults().clear();
    assertRotated(first);
  }

  /** Creates the role's user, long enough ago that no consistency window hides it. */
  static void createUser(MatrixAccount account) {
    account.admin.createUser(r -> r.userName(USER));
    account.clock.advance(MatrixFault.IAM_LAG.plus(STEP));
  }

  private static Map<String, Object> fields() {
    return Map.of("username", USER, "rotation_period", "2h", "rotation_overlap", "1h");
  }

  /**
   * Drives the task's retries until static-creds returns a key other than {@code replaced}; checks
   * the keys of the user within the overlap and after it.
   */
  private void assertRotated(String replaced) {
    Response creds = rotated(replaced);
    String current = creds.string("access_key");
    List<String> held = replaced == null ? List.of(current) : List.of(current, replaced);
    assertThat(keys())
        .as("keys of %s within the overlap (current %s, replaced %s)", USER, current, replaced)
        .containsExactlyInAnyOrderElementsOf(held);
    assertThat(AwsTestBed.callerArn(account.iam, creds))
        .as("the caller STS sees for static-creds")
        .isNotNull();

    MatrixBed.bounded(
        "the end of the overlap",
        () -> {
          account.clock.advance(OVERLAP);
          return null;
        });

    assertThat(keys()).as("keys of %s after the overlap", USER).containsExactly(current);
    assertThat(bed.lessor.read(CREDS).string("access_key"))
        .as("static-creds after the overlap")
        .isEqualTo(current);
  }

  /** static-creds once it returns a key other than {@code replaced}, the clock moving meanwhile. */
  private Response rotated(String replaced) {
    return MatrixBed.bounded(
        "the rotation's retries",
        () -> {
          for (int i = 0; i < MAX_STEPS; i++) {
            MatrixBed.Outcome read = bed.attempt("read " + CREDS, () -> bed.lessor.read(CREDS));
            if (read.ok() && !read.response().string("access_key").equals(replaced)) {
              return read.response();
            }
            account.clock.advance(STEP);
          }
          MatrixBed.Outcome last =
              bed.attempt("read " + CREDS, () -> bed.lessor.read(CREDS))
                  .requireOk("static-creds after " + MAX_STEPS + " minutes without faults");
          throw new AssertionError(
              "static-creds still returns "
                  + last.response().string("access_key")
                  + " after "
                  + MAX_STEPS
                  + " minutes without faults; the task stands at "
                  + bed.lessor.read(ROLE).data());
        });
  }

  private List<String> keys() {
    return account.iam.user(USER).orElseThrow().accessKeys().stream()
        .map(LocalIam.AccessKeyView::id)
        .toList();
  }
}
