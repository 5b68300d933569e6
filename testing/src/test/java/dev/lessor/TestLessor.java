package dev.lessor;

import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.store.LeaseStore;
import dev.lessor.testing.FakeSecretsEngine;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Lessor on a manual clock with revocations run on the test's thread, a fake engine mounted at
 * {@code fake/}, and every lease event recorded.
 */
final class TestLessor implements AutoCloseable {
  final ManualClock clock = new ManualClock();
  final LeaseStore store;
  final FakeSecretsEngine engine = new FakeSecretsEngine();
  final List<LeaseEvent> events = new CopyOnWriteArrayList<>();
  final Lessor lessor;

  TestLessor() {
    this(new InMemoryLeaseStore(), b -> b);
  }

  TestLessor(LeaseStore store, java.util.function.UnaryOperator<LessorBuilder> settings) {
    this(store, settings, "fake/");
  }

  /** A Lessor whose fake engine is mounted at {@code fakeMount} instead of {@code fake/}. */
  TestLessor(
      LeaseStore store,
      java.util.function.UnaryOperator<LessorBuilder> settings,
      String fakeMount) {
    this.store = store;
    this.lessor =
        settings
            .apply(
                Lessor.builder()
                    .clock(clock)
                    .scheduler(new ManualScheduler(clock))
                    .revocationExecutor(Runnable::run)
                    .leaseStore(store))
            .build();
    lessor.leases().addListener(events::add);
    lessor.mount(fakeMount, engine);
  }

  LeaseManager leases() {
    return lessor.leases();
  }

  Response issue(String role) {
    return lessor.read("fake/creds/" + role);
  }

  String issueId(String role) {
    return issue(role).lease().orElseThrow().id();
  }

  List<LeaseEvent.Type> eventTypes() {
    return events.stream().map(LeaseEvent::type).toList();
  }

  @Override
  public void close() {
    lessor.close();
  }
}
