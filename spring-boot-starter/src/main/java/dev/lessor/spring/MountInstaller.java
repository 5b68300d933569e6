package dev.lessor.spring;

import dev.lessor.Lessor;
import dev.lessor.LessorException;
import dev.lessor.aws.AwsSecretsEngine;
import dev.lessor.engine.SecretsEngine;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Mounts the engines of {@code lessor.mounts.<name>.*} and writes their {@code config/root} and
 * roles, through the same paths as any request: the engine checks every field with its own rules,
 * and a refusal fails the application's start, naming the property and the engine's reason, rather
 * than the first request.
 */
final class MountInstaller {
  private MountInstaller() {}

  static void install(Lessor lessor, Map<String, MountProperties> mounts) {
    mounts.forEach((name, mount) -> install(lessor, "lessor.mounts." + name, name, mount));
  }

  private static void install(Lessor lessor, String prefix, String name, MountProperties mount) {
    String path = mount.getPath() != null ? mount.getPath() : name + "/";
    try {
      lessor.mount(path, engine(prefix, mount.getType()));
    } catch (LessorException e) {
      throw new InvalidPropertyException(prefix + ".path", e.getMessage(), e);
    }
    if (!mount.getConfig().isEmpty()) {
      write(lessor, prefix + ".config", path + "config/root", mount.getConfig());
    }
    mount
        .getRoles()
        .forEach(
            (role, fields) ->
                write(lessor, prefix + ".roles." + role, path + "roles/" + role, fields));
  }

  private static SecretsEngine engine(String prefix, String type) {
    if (type == null) {
      throw new InvalidPropertyException(prefix + ".type", "is required: aws");
    }
    if (type.trim().toLowerCase(Locale.ROOT).equals("aws")) {
      return new AwsSecretsEngine();
    }
    throw new InvalidPropertyException(prefix + ".type", "must be aws, was '" + type + "'");
  }

  private static void write(Lessor lessor, String prefix, String path, Map<String, String> fields) {
    try {
      lessor.write(path, engineFields(fields));
    } catch (LessorException e) {
      // The engine's message names the field and the rule; it never holds a secret value.
      throw new InvalidPropertyException(prefix, e.getMessage(), e);
    }
  }

  /** Property keys as the engine names its fields: {@code access-key} is {@code access_key}. */
  static Map<String, Object> engineFields(Map<String, String> fields) {
    Map<String, Object> out = new LinkedHashMap<>();
    fields.forEach((key, value) -> out.put(key.replace('-', '_'), value));
    return out;
  }
}
