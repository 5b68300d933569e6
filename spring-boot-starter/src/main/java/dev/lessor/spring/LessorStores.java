package dev.lessor.spring;

import dev.lessor.store.LeaseStore;
import dev.lessor.store.Storage;
import java.util.Objects;

/**
 * The stores the auto-configured Lessor is built on: where leases live and where engines keep their
 * configuration, with what to close after the Lessor. Defined by {@code lessor.store}; an
 * application may define its own bean of this type instead. Immutable.
 *
 * @param leaseStore where leases live
 * @param storage where engines keep configuration
 * @param resource closed on shutdown, after the Lessor (a {@link dev.lessor.jdbc.JdbcStores})
 */
public record LessorStores(LeaseStore leaseStore, Storage storage, AutoCloseable resource)
    implements AutoCloseable {

  public LessorStores {
    Objects.requireNonNull(leaseStore, "leaseStore");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(resource, "resource");
  }

  @Override
  public void close() throws Exception {
    resource.close();
  }
}
