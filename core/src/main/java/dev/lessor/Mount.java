package dev.lessor;

import dev.lessor.engine.PathRouter;
import dev.lessor.engine.SecretsEngine;
import dev.lessor.store.Storage;

/**
 * An engine mounted at a path, with its routes and its own storage.
 *
 * @param gate counts the requests running on the mount; an unmount closes it and waits for them, so
 *     that it sees every lease they issue
 * @param routes the routes of its request paths, remembered
 */
record Mount(
    String path,
    SecretsEngine engine,
    PathRouter router,
    Storage storage,
    RequestGate gate,
    RouteCache routes) {

  Mount(String path, SecretsEngine engine, PathRouter router, Storage storage) {
    this(path, engine, router, storage, new RequestGate(), new RouteCache(path, router));
  }
}
