package dev.lessor;

import dev.lessor.engine.Operation;
import dev.lessor.engine.PathRouter;
import dev.lessor.engine.Request;
import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one request: finds its mount, holds the mount's gate shared while the engine handles it, and
 * keeps the lease side of it ({@link Issuance}): activates the lease the handler began, or revokes
 * it at once when the handler failed. Events are published on the caller's thread; the caller
 * {@link LeaseEvents#defer defers} them until it let go of the gates. Thread-safe.
 */
final class Requests {
  private static final Logger log = LoggerFactory.getLogger(Requests.class);

  private final LeaseStore store;
  private final MountTable mounts;
  private final LeaseEvents events;
  private final Clock clock;
  private final LeaseSettings settings;
  private final Revoker revoker;
  private final RevocationLoop loop;
  private final Ticker ticker;
  private final Activations activations;
  private final PathNames paths = new PathNames();

  Requests(
      LeaseStore store,
      MountTable mounts,
      LeaseEvents events,
      Clock clock,
      LeaseSettings settings,
      Revoker revoker,
      RevocationLoop loop,
      Ticker ticker,
      Activations activations) {
    this.store = store;
    this.mounts = mounts;
    this.events = events;
    this.clock = clock;
    this.settings = settings;
    this.revoker = revoker;
    this.loop = loop;
    this.ticker = ticker;
    this.activations = activations;
  }

  Response handle(Operation operation, String path, Map<String, ?> data) {
    String normalized = path.startsWith("/") ? path.substring(1) : path;
    Mount mount =
        mounts
            .route(normalized)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "no mount for path '" + path + "'; mounts are " + mounts.paths()));
    String relative =
        normalized.length() > mount.path().length()
            ? normalized.substring(mount.path().length())
            : "";
    // counted in on the mount's gate, so that an unmount waits for this request
    if (!mount.gate().tryEnter()) {
      throw new NotFoundException(
          "mount '" + mount.path() + "' is being unmounted; no path '" + path + "'");
    }
    try {
      return dispatch(mount, operation, normalized, relative, data);
    } finally {
      mount.gate().exit();
    }
  }

  private Response dispatch(
      Mount mount, Operation operation, String normalized, String relative, Map<String, ?> data) {
    long started = ticker.read(); // for the mint latency in the ISSUED event
    PathRouter.Route route = mount.router().route(operation, relative);
    // the mount's path plus the relative path: the normalized path itself, no concatenation
    String requestPath = stripTrailingSlash(normalized);
    Issuance issuance =
        new Issuance(
            requestPath,
            paths,
            mount.path(),
            mount.engine().type(),
            store,
            clock,
            settings,
            loop,
            activations);
    Response response;
    try {
      response =
          route.handler().handle(new Request(operation, relative, route.params(), data, issuance));
    } catch (RuntimeException e) {
      if (issuance.begun()) {
        rollBack(issuance.record(), e);
      }
      throw e;
    }
    response = response == null ? Response.empty() : response;
    return issuance.begun() ? activate(issuance, response, started) : response;
  }

  private Response activate(Issuance issuance, Response response, long started) {
    LeaseRecord active;
    try {
      active = issuance.activate();
    } catch (LessorException e) {
      rollBack(issuance.record(), e);
      throw e;
    }
    Lease lease = active.toLease(active.issueTime()); // its TTL is the one granted
    log.debug("lease {} issued, expires {}", lease.id(), lease.expireTime());
    if (events.hasListeners()) { // no clock read nor event for nobody: this runs on every issue
      events.publish(
          LeaseEvent.Type.ISSUED,
          active.mount(),
          lease,
          clock.instant(),
          Duration.ofNanos(ticker.read() - started));
    }
    return response.withLease(lease).withWarnings(issuance.warnings());
  }

  /**
   * Revokes the lease of a failed request at once; a failure there is retried in the background.
   */
  private void rollBack(LeaseRecord pending, RuntimeException cause) {
    try {
      revoker.revokeNow(pending);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private static String stripTrailingSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
