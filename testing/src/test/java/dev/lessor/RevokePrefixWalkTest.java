package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.store.LeaseRecord;
import dev.lessor.testing.FakeSecretsEngine;
import dev.lessor.testing.ForwardingLeaseStore;
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
  private static final class CountingStore extends ForwardingLeaseStore {
    final AtomicInteger lists = new AtomicInteger();
    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger scans = new AtomicInteger();

    CountingStore() {
      super(new InMemoryLeaseStore());
    }

    @Override
    public Optional<LeaseRecord> get(String id) {
      gets.incrementAndGet();
      return super.get(id);
    }

    @Override
    public List<String> list(String prefix) {
      lists.incrementAndGet();
      return super.list(prefix);
    }

    @Override
    public void scan(String prefix, Consumer<? super LeaseRecord> action) {
      scans.incrementAndGet();
      super.scan(prefix, action);
    }
  }
}
