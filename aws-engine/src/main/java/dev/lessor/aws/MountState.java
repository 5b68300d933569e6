package dev.lessor.aws;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.lessor.engine.MountContext;
import dev.lessor.engine.TaskScheduler;
import dev.lessor.store.Storage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one mount of the engine keeps: its storage (root config, lease config, roles) behind
 * Caffeine caches, and the AWS clients of the current root config. Thread-safe.
 *
 * <p>A write through this class invalidates its cache entry at once. Entries also expire after a
 * short time, so that several Lessor instances sharing one store see each other's writes.
 *
 * <p>The clients are held in one slot rather than a size-bounded cache: a cache of size one may
 * refuse a new entry under its admission policy and close a client that is in use. When the root
 * config changes, the clients it replaces are retired, not closed, so that calls still running on
 * them finish; they are closed at the next change or when the engine closes.
 */
final class MountState implements AutoCloseable {
  static final String ROOT_KEY = "config/root";
  static final String LEASE_KEY = "config/lease";
  static final String ROLE_PREFIX = "roles/";
  private static final Duration CACHE_TTL = Duration.ofSeconds(30);

  private final MountContext context;
  private final Storage storage;
  private final LoadingCache<String, Optional<RoleEntry>> roles;
  private final LoadingCache<String, RootConfig> rootConfig;
  private final LoadingCache<String, LeaseConfig> leaseConfig;
  private final String defaultUserPath;

  /** The last template parsed, kept so that a mint does not parse it again. */
  private volatile ParsedTemplate usernameTemplate;

  private record ParsedTemplate(String source, UsernameTemplate template) {}

  private RootConfig clientsConfig;
  private AwsClients clients;
  private AwsClients retired;
  private boolean closed;

  MountState(MountContext context) {
    this.context = context;
    this.storage = context.storage();
    String mount = context.path().replaceAll("[^\\x21-\\x7E]", "_");
    this.defaultUserPath = "/lessor/" + (mount.endsWith("/") ? mount : mount + "/");
    this.roles =
        Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(CACHE_TTL)
            .build(name -> storage.get(ROLE_PREFIX + name).map(b -> RoleEntry.decode(name, b)));
    this.rootConfig =
        Caffeine.newBuilder()
            .expireAfterWrite(CACHE_TTL)
            .build(k -> storage.get(k).map(RootConfig::decode).orElse(RootConfig.defaults()));
    this.leaseConfig =
        Caffeine.newBuilder()
            .expireAfterWrite(CACHE_TTL)
            .build(k -> storage.get(k).map(LeaseConfig::decode).orElse(LeaseConfig.defaults()));
  }

  String mountPath() {
    return context.path();
  }

  Clock clock() {
    return context.clock();
  }

  /** This mount's storage, for parts of the engine that keep their own keys in it. */
  Storage storage() {
    return storage;
  }

  /** Schedules this mount's tasks (static role rotations). */
  TaskScheduler tasks() {
    return context.tasks();
  }

  /** Whether the lease store holds a lease with this id. */
  boolean leaseExists(String leaseId) {
    return context.leaseExists().test(leaseId);
  }

  /** The lease store's id, which every IAM user of this mount carries in a tag. */
  String storeId() {
    return context.storeId();
  }

  /** The IAM user path of this mount: {@code /lessor/<mount>/}, such as {@code /lessor/aws/}. */
  String defaultUserPath() {
    return defaultUserPath;
  }

  RootConfig rootConfig() {
    return rootConfig.get(ROOT_KEY);
  }

  /** The {@code username_template} of the current root config, parsed once per template. */
  UsernameTemplate usernameTemplate() {
    String source = rootConfig().usernameTemplate();
    ParsedTemplate last = usernameTemplate;
    if (last == null || !last.source().equals(source)) {
      last = new ParsedTemplate(source, UsernameTemplate.parse(source));
      usernameTemplate = last;
    }
    return last.template();
  }

  void putRootConfig(RootConfig config) {
    storage.put(ROOT_KEY, config.encode());
    rootConfig.invalidate(ROOT_KEY);
  }

  LeaseConfig leaseConfig() {
    return leaseConfig.get(LEASE_KEY);
  }

  void putLeaseConfig(LeaseConfig config) {
    storage.put(LEASE_KEY, config.encode());
    leaseConfig.invalidate(LEASE_KEY);
  }

  Optional<RoleEntry> role(String name) {
    return roles.get(name);
  }

  void putRole(RoleEntry role) {
    storage.put(ROLE_PREFIX + role.name(), role.encode());
    roles.invalidate(role.name());
  }

  boolean deleteRole(String name) {
    boolean existed = storage.delete(ROLE_PREFIX + name);
    roles.invalidate(name);
    return existed;
  }

  List<String> roleNames() {
    return storage.list(ROLE_PREFIX).stream().map(k -> k.substring(ROLE_PREFIX.length())).toList();
  }

  /** The clients of the current root config, built on first use and rebuilt when it changes. */
  AwsClients clients() {
    RootConfig config = rootConfig();
    AwsClients toClose;
    AwsClients current;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the AWS engine at " + context.path() + " is closed");
      }
      if (clients != null && config.equals(clientsConfig)) {
        return clients;
      }
      toClose = retired;
      retired = clients;
      current = AwsClients.build(config);
      clients = current;
      clientsConfig = config;
    }
    if (toClose != null) {
      toClose.close();
    }
    return current;
  }

  @Override
  public void close() {
    List<AwsClients> toClose = new java.util.ArrayList<>();
    synchronized (this) {
      closed = true;
      toClose.add(clients);
      toClose.add(retired);
      clients = null;
      retired = null;
    }
    toClose.stream().filter(java.util.Objects::nonNull).forEach(AwsClients::close);
  }
}
