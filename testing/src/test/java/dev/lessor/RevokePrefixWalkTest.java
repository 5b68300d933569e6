package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import dev.lessor.testing.FakeSecretsEngine;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** revokePrefix walks the matching records once: no sorted list of ids, no lookup per id. */
class RevokePrefixWalkTest {

  @Test
  void revokePrefix_storeScans_neverListsOrLooksUpEachId() {
    CountingStore store = new CountingStore();
    FakeSecretsEngine engine = new FakeSecretsEngine();
    try (Lessor lessor = Lessor.builder().leaseStore(store).build()) {
      lessor.mount("fake/", engine);
      for (int i = 0; i < 50; i++) {
        lessor.read("fake/creds/a");
      }
      String other = lessor.read("fake/creds/b").lease().orElseThrow().id();
      store.lists.set(0);
      store.gets.set(0);

      int revoked = lessor.leases().revokePrefix("fake/creds/a/");

      assertThat(revoked).isEqualTo(50);
      assertThat(store.lists).hasValue(0);
      assertThat(store.gets).hasValue(0);
      assertThat(store.scans).hasValue(1);
      assertThat(engine.revokedLeases()).hasSize(50).doesNotContain(other);
      assertThat(lessor.leases().list("")).containsExactly(other);
    }
  }

  /** The in-memory store, counting how the revocation reads it. */
  private static final class CountingStore implements LeaseStore {
    private final InMemoryLeaseStore inner = new InMemoryLeaseStore();
    final AtomicInteger lists = new AtomicInteger();
    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger scans = new AtomicInteger();

    @Override
    public boolean durable() {
      return false;
    }

    @Override
    public String storeId() {
      return inner.storeId();
    }

    @Override
    public void insert(LeaseRecord record) {
      inner.insert(record);
    }

    @Override
    public Optional<LeaseRecord> update(LeaseRecord record) {
      return inner.update(record);
    }

    @Override
    public Optional<LeaseRecord> activate(LeaseRecord pending) {
      return inner.activate(pending);
    }

    @Override
    public Optional<LeaseRecord> get(String id) {
      gets.incrementAndGet();
      return inner.get(id);
    }

    @Override
    public boolean delete(String id) {
      return inner.delete(id);
    }

    @Override
    public List<String> list(String prefix) {
      lists.incrementAndGet();
      return inner.list(prefix);
    }

    @Override
    public void scan(String prefix, Consumer<? super LeaseRecord> action) {
      scans.incrementAndGet();
      inner.scan(prefix, action);
    }

    @Override
    public List<LeaseRecord> claimDue(Instant now, Instant claimUntil, int limit) {
      return inner.claimDue(now, claimUntil, limit);
    }

    @Override
    public Optional<Instant> nextDueTime() {
      return inner.nextDueTime();
    }

    @Override
    public List<LeaseRecord> findByState(LeaseState state, int limit) {
      return inner.findByState(state, limit);
    }

    @Override
    public long count() {
      return inner.count();
    }
  }
}
