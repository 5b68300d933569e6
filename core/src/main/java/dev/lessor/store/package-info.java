/**
 * The store SPI: where leases and engine configuration live, and the in-memory implementations.
 *
 * <p>A {@link dev.lessor.store.LeaseStore} keeps {@link dev.lessor.store.LeaseRecord}s with an
 * index on their due time and hands each due lease to exactly one caller; a {@link
 * dev.lessor.store.Storage} keeps each engine's configuration. {@link
 * dev.lessor.store.InMemoryLeaseStore} and {@link dev.lessor.store.InMemoryStorage} are the
 * defaults; the {@code lessor-jdbc} module has the durable ones. The contract suites in {@code
 * lessor-testing} ({@code LeaseStoreContract}, {@code StorageContract}) check an implementation.
 */
package dev.lessor.store;
