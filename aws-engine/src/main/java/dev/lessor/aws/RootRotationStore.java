package dev.lessor.aws;

import dev.lessor.store.Storage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The root rotation's settings ({@code config/root-rotation}, replaced by each {@code config/root}
 * write) and where it stands ({@code config/root-rotation-state}: when the last rotation was and
 * since when the settings hold, and while a rotation is under way the keys the root user had before
 * its CreateAccessKey, so that the next rotation deletes a key a crashed one left). Not cached, so
 * that instances sharing a store see each other's rotations. Thread-safe.
 */
final class RootRotationStore {
  static final String SETTINGS_KEY = "config/root-rotation";
  static final String STATE_KEY = "config/root-rotation-state";

  /**
   * @param lastRotation when the last rotation stored its key, or null
   * @param since when the current settings were written
   * @param keysBefore while a rotation is under way, the root user's keys before it; else null
   */
  record State(Instant lastRotation, Instant since, List<String> keysBefore) {}

  private final Storage storage;

  RootRotationStore(Storage storage) {
    this.storage = storage;
  }

  RootRotationSettings settings() {
    return storage
        .get(SETTINGS_KEY)
        .map(RootRotationSettings::decode)
        .orElse(RootRotationSettings.none());
  }

  void putSettings(RootRotationSettings settings, Instant now) {
    storage.put(SETTINGS_KEY, settings.encode());
    State old = state(now);
    putState(new State(old.lastRotation(), now, old.keysBefore()));
  }

  State state(Instant now) {
    return storage
        .get(STATE_KEY)
        .map(
            bytes -> {
              JsonNode node = Json.parse(bytes);
              String last = Json.string(node, "last_rotation");
              String since = Json.string(node, "since");
              boolean rotating = node.field("keys_before").filter(JsonNode::isArray).isPresent();
              return new State(
                  last == null ? null : Instant.parse(last),
                  since == null ? now : Instant.parse(since),
                  rotating ? Json.list(node, "keys_before") : null);
            })
        .orElse(new State(null, now, null));
  }

  void putState(State state) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("last_rotation", state.lastRotation() == null ? null : state.lastRotation().toString());
    out.put("since", state.since().toString());
    out.put("keys_before", state.keysBefore());
    storage.put(STATE_KEY, Json.write(out));
  }
}
