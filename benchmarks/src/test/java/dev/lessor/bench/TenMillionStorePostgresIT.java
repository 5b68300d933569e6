package dev.lessor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lessor.jdbc.JdbcStores;
import dev.lessor.store.LeaseRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ten-million row's PostgreSQL fill: the far leases it copies with {@code INSERT ... SELECT}
 * must be the leases the store itself would have written, or every figure measured on them is
 * wrong. Skipped without {@code LESSOR_TEST_POSTGRES_URL} ({@code .ci/postgres} sets it).
 */
class TenMillionStorePostgresIT {
  private static final String SCHEMA = "lessor_test_tenmillion";
  private static final Duration TTL = Duration.ofDays(1);
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

  @BeforeEach
  void needsPostgres() {
    assumeTrue(
        BenchPostgres.dataSource(SCHEMA) != null,
        "PostgreSQL tests skipped: " + BenchPostgres.NOT_CONFIGURED);
  }

  @Test
  void fillChunk_postgres_everyCopiedLeaseReadsBackAsTheStoreWroteIt() {
    try (TenMillionStore store = TenMillionStore.postgres(SCHEMA);
        JdbcStores stores = store.open()) {
      store.fillChunk(stores, 0, 1_000, now, TTL);
      store.fillChunk(stores, 1_000, 500, now, TTL);
      store.filled();

      assertThat(stores.leaseStore().count()).isEqualTo(1_500);
      for (int i = 0; i < 1_500; i++) {
        LeaseRecord expected = TenMillionStore.farLease(i, now, TTL);
        assertThat(stores.leaseStore().get(expected.id())).contains(expected);
      }
      TenMillionStore.verify(stores.leaseStore(), 1_500, now, TTL);
    }
  }

  @Test
  void verify_copiedRowDamaged_failsTheRunNamingTheLease() {
    try (TenMillionStore store = TenMillionStore.postgres(SCHEMA);
        JdbcStores stores = store.open()) {
      store.fillChunk(stores, 0, 100, now, TTL);
      DataSource ds = BenchPostgres.dataSource(SCHEMA);
      BenchPostgres.execute(
          ds, "UPDATE lessor_lease SET internal = '\\x02'::bytea WHERE id LIKE '%/live/50'");

      assertThatThrownBy(() -> TenMillionStore.verify(stores.leaseStore(), 100, now, TTL))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("far lease 50 does not read back");
    }
  }
}
