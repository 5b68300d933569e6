package dev.lessor.aws;

import dev.lessor.SecretValue;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Where the rotation of one static role stands: the key {@code static-creds} returns, the previous
 * key while it overlaps, when the last rotation was, and, while a rotation is under way, the keys
 * the user had before its CreateAccessKey ({@code keysBefore}). That last part is what makes a
 * rotation safe to run again after a crash: any key of the user that is in none of these was made
 * by a rotation that never finished, nobody holds it, and it is deleted before a new one is made.
 * Stored in the mount's storage (encrypted at rest by a durable store); immutable.
 *
 * @param username the user the keys belong to
 * @param currentKeyId the key {@code static-creds} returns, or null before the first rotation
 * @param currentSecret its secret, or null
 * @param previousKeyId the key the last rotation replaced, until {@code previousDeleteAt}, or null
 * @param previousDeleteAt when the previous key is deleted, or null
 * @param lastRotation when the last rotation switched keys, or null
 * @param keysBefore while a rotation is under way, the user's keys just before it created one; null
 *     otherwise
 */
record StaticKeys(
    String username,
    String currentKeyId,
    SecretValue currentSecret,
    String previousKeyId,
    Instant previousDeleteAt,
    Instant lastRotation,
    List<String> keysBefore) {

  StaticKeys {
    Objects.requireNonNull(username, "username");
    keysBefore = keysBefore == null ? null : List.copyOf(keysBefore);
  }

  /** Nothing rotated yet for {@code username}. */
  static StaticKeys none(String username) {
    return new StaticKeys(username, null, null, null, null, null, null);
  }

  /** When the next rotation is due under {@code role}: now when none happened yet. */
  Instant rotationDue(StaticRole role, Instant now) {
    return lastRotation == null ? now : lastRotation.plus(role.rotationPeriod());
  }

  /** When this role next needs the engine: its next rotation, or the previous key's deletion. */
  Instant nextWake(StaticRole role, Instant now) {
    Instant due = rotationDue(role, now);
    return previousDeleteAt != null && previousDeleteAt.isBefore(due) ? previousDeleteAt : due;
  }

  /** The keys Lessor holds: current and previous. */
  Set<String> held() {
    Set<String> held = new HashSet<>();
    if (currentKeyId != null) {
      held.add(currentKeyId);
    }
    if (previousKeyId != null) {
      held.add(previousKeyId);
    }
    return held;
  }

  StaticKeys withoutPrevious() {
    return new StaticKeys(
        username, currentKeyId, currentSecret, null, null, lastRotation, keysBefore);
  }

  /** This state with a rotation under way that found {@code keys} on the user. */
  StaticKeys rotating(List<String> keys) {
    return new StaticKeys(
        username, currentKeyId, currentSecret, previousKeyId, previousDeleteAt, lastRotation, keys);
  }

  /**
   * The state after a rotation that switched to {@code keyId}; {@code replaced} (the old current
   * key, or on the first rotation the key the user had) overlaps until {@code now + overlap}.
   */
  StaticKeys switched(
      String keyId, SecretValue secret, String replaced, Instant now, Duration overlap) {
    return new StaticKeys(
        username, keyId, secret, replaced, replaced == null ? null : now.plus(overlap), now, null);
  }

  byte[] encode() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("username", username);
    out.put("current_key_id", currentKeyId);
    out.put("current_secret", currentSecret == null ? null : currentSecret.reveal());
    out.put("previous_key_id", previousKeyId);
    out.put("previous_delete_at", previousDeleteAt == null ? null : previousDeleteAt.toString());
    out.put("last_rotation", lastRotation == null ? null : lastRotation.toString());
    out.put("keys_before", keysBefore);
    return Json.write(out);
  }

  static StaticKeys decode(byte[] bytes) {
    JsonNode node = Json.parse(bytes);
    String secret = Json.string(node, "current_secret");
    boolean rotating = node.field("keys_before").filter(JsonNode::isArray).isPresent();
    return new StaticKeys(
        Json.string(node, "username", ""),
        Json.string(node, "current_key_id"),
        secret == null ? null : SecretValue.of(secret),
        Json.string(node, "previous_key_id"),
        instant(node, "previous_delete_at"),
        instant(node, "last_rotation"),
        rotating ? Json.list(node, "keys_before") : null);
  }

  private static Instant instant(JsonNode node, String key) {
    String text = Json.string(node, key);
    return text == null ? null : Instant.parse(text);
  }

  /** Leaves the secret out. */
  @Override
  public String toString() {
    return "StaticKeys{username="
        + username
        + ", current="
        + currentKeyId
        + ", previous="
        + previousKeyId
        + ", lastRotation="
        + lastRotation
        + ", rotating="
        + (keysBefore != null)
        + "}";
  }
}
