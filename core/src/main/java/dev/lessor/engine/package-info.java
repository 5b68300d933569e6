/**
 * The engine SPI: what a secrets engine implements to be mounted in a {@link dev.lessor.Lessor}.
 *
 * <p>An engine is a {@link dev.lessor.engine.SecretsEngine}: on {@code mount} it returns a {@link
 * dev.lessor.engine.PathRouter} of {@link dev.lessor.engine.RequestHandler}s, one per path pattern
 * and {@link dev.lessor.engine.Operation}. A handler that issues a secret first begins a lease with
 * {@link dev.lessor.engine.Request#beginLease}, so that the lease is durable before anything exists
 * outside the process, and later gets it back in {@code revoke}. The engine keeps its own
 * configuration in the {@link dev.lessor.store.Storage} its {@link dev.lessor.engine.MountContext}
 * gives it.
 */
package dev.lessor.engine;
