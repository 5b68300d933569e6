package dev.lessor;

import dev.lessor.spi.PathRouter;
import dev.lessor.spi.SecretsEngine;
import dev.lessor.spi.Storage;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An engine mounted at a path, with its routes and its own storage.
 *
 * @param gate held shared by each request running on the mount and exclusively by an unmount, so
 *     that an unmount waits for the requests already running and sees every lease they issue
 */
record Mount(
    String path,
    SecretsEngine engine,
    PathRouter router,
    Storage storage,
    ReentrantReadWriteLock gate) {

  Mount(String path, SecretsEngine engine, PathRouter router, Storage storage) {
    this(path, engine, router, storage, new ReentrantReadWriteLock());
  }
}
