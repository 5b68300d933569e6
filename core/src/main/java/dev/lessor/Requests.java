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

  private final MountTable mounts;
  private final LeaseEvents events;
  private final Clock clock;
  private final Revoker revoker;
  private final Ticker ticker;
  private final Issuance.Shared issuing;

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
    this.mounts = mounts;
    this.events = events;
    this.clock = clock;
    this.revoker = revoker;
    this.ticker = ticker;
    this.issuing = new Issuance.Shared(new PathNames(), store, clock, settings, loop, activations);
  }

  Response handle(Operation operation, String path, Map<String, ?> data) {
    String normalized = path.startsWith("/") ? path.substring(1) : path;
    Mount mount = mounts.find(normalized);
    if (mount == null) {
      throw new NotFoundException("no mount for path '" + path + "'; mounts are " + mounts.paths());
    }
    // counted in on the mount's gate, so that an unmount waits for this request
    if (!mount.gate().tryEnter()) {
      throw new NotFoundException(
          "mount '" + mount.path() + "' is being unmounted; no path '" + path + "'");
    }
    try {
      return dispatch(mount, operation, normalized, data);
    } finally {
      mount.gate().exit();
    }
  }

  private Response dispatch(
      Mount mount, Operation operation, String normalized, Map<String, ?> data) {
    long started = ticker.read(); // for the mint latency in the ISSUED event
    RouteCache.Resolved resolved = mount.routes().resolve(operation, normalized);
    PathRouter.Route route = resolved.route();
    Issuance issuance =
        new Issuance(resolved.requestPath(), mount.path(), mount.engine().type(), issuing);
    Response response;
    try {
      response =
          route
              .handler()
              .handle(new Request(operation, resolved.relative(), route.params(), data, issuance));
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
    Lease lease = issuance.lease(active); // its TTL is the one granted
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
}
