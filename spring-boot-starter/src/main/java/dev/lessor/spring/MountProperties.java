package dev.lessor.spring;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code lessor.mounts.<name>.*} entry: an engine, where it is mounted, and what is written to
 * it at startup. Field names under {@code config} and {@code roles} are the engine's own ({@code
 * access_key}, {@code policy_document}); the kebab-case forms ({@code access-key}) mean the same.
 */
public class MountProperties {
  /** The engine type: aws. */
  private String type;

  /** The mount path, ending in '/'. Default: the mount's name followed by '/'. */
  private String path;

  /**
   * Fields written to config/root at startup (access_key, secret_key, region, iam_endpoint, ...).
   * None: config/root is not written and the engine uses the AWS SDK's default credentials chain.
   */
  private final Map<String, String> config = new LinkedHashMap<>();

  /** Roles written at startup, by role name: each is a map of the engine's role fields. */
  private final Map<String, Map<String, String>> roles = new LinkedHashMap<>();

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public Map<String, String> getConfig() {
    return config;
  }

  public Map<String, Map<String, String>> getRoles() {
    return roles;
  }
}
