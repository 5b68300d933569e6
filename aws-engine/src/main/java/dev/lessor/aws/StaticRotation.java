package dev.lessor.aws;

import dev.lessor.SecretValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;

/**
 * Rotates the key of a static role's user: the scheduled task {@code static-roles/<name>}, run by
 * the core when due (on one instance at a time) and safe to run again after a crash at any point.
 *
 * <p>Each run decides from the stored {@link StaticKeys} alone what is due, never from being
 * called: it deletes the previous key once its overlap ends, and rotates only when the last
 * rotation is a {@code rotation_period} old (so a run that comes early, twice, or after the period
 * was changed rotates exactly when due). A rotation
 *
 * <ol>
 *   <li>deletes any key that a rotation which never finished created (a key in neither the state
 *       nor the list it recorded before its CreateAccessKey): nobody holds it;
 *   <li>deletes the older of two keys when the user has two (never the current one), as IAM allows
 *       two;
 *   <li>records the keys the user now has, then creates the new key (one attempt at a time, see
 *       {@link IamCreates}), and waits until STS accepts it;
 *   <li>only then switches: {@code static-creds} returns the new key, and the key it replaces stays
 *       until the role's {@code rotation_overlap} ends.
 * </ol>
 *
 * <p>A failure anywhere leaves the old key in use and the failure to the core, which retries with
 * backoff. Thread-safe (state is per run).
 */
final class StaticRotation {
  private static final Logger log = LoggerFactory.getLogger(StaticRotation.class);

  private final MountState state;
  private final StaticRoleStore roles;
  private final ReadinessProbe probe;
  private final IamRateGate.Sleeper sleeper;

  StaticRotation(
      MountState state, StaticRoleStore roles, ReadinessProbe probe, IamRateGate.Sleeper sleeper) {
    this.state = state;
    this.roles = roles;
    this.probe = probe;
    this.sleeper = sleeper;
  }

  /** Runs the task of role {@code name}; when it is due next, or empty when the role is gone. */
  Optional<Instant> run(String name) {
    Optional<StaticRole> found = roles.role(name);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    StaticRole role = found.get();
    StaticKeys keys = roles.keys(role);
    Instant now = state.clock().instant();
    if (keys.previousKeyId() == null && now.isBefore(keys.rotationDue(role, now))) {
      return Optional.of(keys.nextWake(role, now)); // early: nothing to call IAM for
    }
    try (StaticRoleAccess access = StaticRoleAccess.open(state, role)) {
      if (keys.previousKeyId() != null && !now.isBefore(keys.previousDeleteAt())) {
        deleteKey(access.iam(), role, keys.previousKeyId());
        keys = keys.withoutPrevious();
        roles.putKeys(name, keys);
      }
      if (!now.isBefore(keys.rotationDue(role, now))) {
        keys = rotate(access, role, keys);
        roles.putKeys(name, keys);
        log.info(
            "rotated the access key of static role {} (user {}) to {}",
            name,
            role.username(),
            keys.currentKeyId());
      }
      return Optional.of(keys.nextWake(role, state.clock().instant()));
    }
  }

  private StaticKeys rotate(StaticRoleAccess access, StaticRole role, StaticKeys keys) {
    IamClient iam = access.iam();
    String user = role.username();
    List<AccessKeyMetadata> listed = new ArrayList<>(list(iam, role));
    if (keys.keysBefore() != null) {
      Set<String> keep = new HashSet<>(keys.keysBefore());
      keep.addAll(keys.held());
      for (AccessKeyMetadata key : List.copyOf(listed)) {
        if (!keep.contains(key.accessKeyId())) {
          log.warn(
              "static role {}: deleting key {} of {}, left by a rotation that did not finish",
              role.name(),
              key.accessKeyId(),
              user);
          deleteKey(iam, role, key.accessKeyId());
          listed.remove(key);
        }
      }
    }
    if (listed.size() >= 2) {
      AccessKeyMetadata older =
          listed.stream()
              .filter(k -> !k.accessKeyId().equals(keys.currentKeyId()))
              .min(Comparator.comparing(AccessKeyMetadata::createDate))
              .orElseThrow();
      deleteKey(iam, role, older.accessKeyId());
      listed.remove(older);
    }
    List<String> before = listed.stream().map(AccessKeyMetadata::accessKeyId).toList();
    StaticKeys rotating = keys.rotating(before);
    if (rotating.previousKeyId() != null && !before.contains(rotating.previousKeyId())) {
      rotating = rotating.withoutPrevious(); // deleted above as the older of two
    }
    roles.putKeys(role.name(), rotating); // before the create: a crash after it finds the key
    AccessKey created = create(iam, role, Set.copyOf(before));
    SecretValue secret = SecretValue.of(created.secretAccessKey());
    String what = "static role " + role.name() + ": new key of " + user;
    probe.await(
        access.sts(),
        created.accessKeyId(),
        secret.reveal(),
        state.rootConfig().waitReadyTimeout(),
        what);
    String replaced =
        rotating.currentKeyId() != null
            ? rotating.currentKeyId()
            : listed.stream()
                .max(Comparator.comparing(AccessKeyMetadata::createDate))
                .map(AccessKeyMetadata::accessKeyId)
                .orElse(null);
    return rotating.switched(
        created.accessKeyId(), secret, replaced, state.clock().instant(), role.overlap());
  }

  private AccessKey create(IamClient iam, StaticRole role, Set<String> keep) {
    String what = "static role " + role.name() + ": CreateAccessKey for " + role.username();
    IamCreates creates = new IamCreates(iam, state.rootConfig().maxRetries(), sleeper);
    try {
      return creates.createAccessKey(role.username(), what, () -> deleteAllBut(iam, role, keep));
    } catch (SdkException e) {
      throw AwsErrors.translate(what, e);
    }
  }

  /** Deletes every key of the role's user not in {@code keep}: keys a lost answer left. */
  private void deleteAllBut(IamClient iam, StaticRole role, Set<String> keep) {
    for (AccessKeyMetadata key : list(iam, role)) {
      if (!keep.contains(key.accessKeyId())) {
        deleteKey(iam, role, key.accessKeyId());
      }
    }
  }

  private List<AccessKeyMetadata> list(IamClient iam, StaticRole role) {
    try {
      return iam
          .listAccessKeysPaginator(r -> r.userName(role.username()))
          .accessKeyMetadata()
          .stream()
          .toList();
    } catch (SdkException e) {
      throw AwsErrors.translate(
          "static role " + role.name() + ": ListAccessKeys for " + role.username(), e);
    }
  }

  /** Deletes a key; one that is gone already is fine. */
  private static void deleteKey(IamClient iam, StaticRole role, String keyId) {
    try {
      iam.deleteAccessKey(r -> r.userName(role.username()).accessKeyId(keyId));
    } catch (SdkException e) {
      if (!AwsErrors.isNoSuchEntity(e)) {
        throw AwsErrors.translate(
            "static role " + role.name() + ": DeleteAccessKey " + keyId + " of " + role.username(),
            e);
      }
    }
  }
}
