package dev.lessor.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The credentials of an account: the root user's access key, IAM users' access keys (at most two
 * each) and the STS sessions issued so far, kept after they expire so that a late use is answered
 * {@code ExpiredToken}. A new key starts to sign only after the key activation delay, which models
 * IAM's eventual consistency. Not thread-safe: used under the {@link IamAccount} lock.
 */
final class IamCredentials {
  private final Clock clock;
  private final IamIds ids;
  private final Duration keyActivationDelay;
  private final Map<String, AccessKey> keys = new HashMap<>();
  private final Map<String, StsSession> sessions = new HashMap<>();
  final AccessKey rootKey;

  IamCredentials(Clock clock, IamIds ids, Duration keyActivationDelay) {
    this.clock = clock;
    this.ids = ids;
    this.keyActivationDelay = keyActivationDelay;
    // The administrator key works from the start, whatever the delay: tests need it at once.
    this.rootKey =
        new AccessKey(ids.id("AKIA"), ids.secretAccessKey(), null, clock.instant(), Instant.MIN);
    keys.put(rootKey.id, rootKey);
  }

  AccessKey key(String accessKeyId) {
    return keys.get(accessKeyId);
  }

  StsSession session(String accessKeyId) {
    return sessions.get(accessKeyId);
  }

  /** Every STS session issued so far, expired ones included. */
  List<StsSession> sessions() {
    return List.copyOf(sessions.values());
  }

  /** The keys of a user, or of the root user when {@code userName} is null, oldest first. */
  List<AccessKey> accessKeys(String userName) {
    List<AccessKey> owned = new ArrayList<>();
    for (AccessKey k : keys.values()) {
      if (ownedBy(k, userName)) {
        owned.add(k);
      }
    }
    owned.sort(Comparator.comparing((AccessKey k) -> k.createDate).thenComparing(k -> k.id));
    return owned;
  }

  AccessKey createAccessKey(String userName) {
    if (accessKeys(userName).size() >= IamRules.ACCESS_KEYS_PER_USER) {
      throw QueryError.limitExceeded(
          "Cannot exceed quota for AccessKeysPerUser: " + IamRules.ACCESS_KEYS_PER_USER);
    }
    Instant created = clock.instant();
    AccessKey key =
        new AccessKey(
            ids.id("AKIA"),
            ids.secretAccessKey(),
            userName,
            created,
            created.plus(keyActivationDelay));
    keys.put(key.id, key);
    return key;
  }

  /** The key {@code accessKeyId} of that user (root when null), or NoSuchEntity. */
  AccessKey requireAccessKey(String userName, String accessKeyId) {
    AccessKey key = keys.get(accessKeyId);
    if (key == null || !ownedBy(key, userName)) {
      throw QueryError.noSuchEntity("The Access Key with id " + accessKeyId + " cannot be found.");
    }
    return key;
  }

  void deleteAccessKey(AccessKey key) {
    keys.remove(key.id);
  }

  StsSession issueSession(Caller caller, Duration duration) {
    StsSession session =
        new StsSession(
            ids.id("ASIA"),
            ids.secretAccessKey(),
            ids.sessionToken(),
            clock.instant().plus(duration),
            caller);
    sessions.put(session.accessKeyId(), session);
    return session;
  }

  private static boolean ownedBy(AccessKey key, String userName) {
    return userName == null ? key.userName == null : userName.equalsIgnoreCase(key.userName);
  }
}
