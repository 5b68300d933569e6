package dev.lessor;

import dev.lessor.spi.PathRouter;
import dev.lessor.spi.SecretsEngine;
import dev.lessor.spi.Storage;

/** An engine mounted at a path, with its routes and its own storage. */
record Mount(String path, SecretsEngine engine, PathRouter router, Storage storage) {}
