package dev.lessor.testing;

import dev.lessor.LeaseState;
import dev.lessor.LeaseStats;
import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import dev.lessor.store.ScheduledTask;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A {@link LeaseStore} that forwards every call to another, for tests that watch, count or change a
 * few of a store's calls: extend it and override those. Every method is forwarded, the ones with
 * defaults in {@link LeaseStore} too, so a wrapper never silently falls back to a default the
 * wrapped store overrides (a store that keeps tasks or batches activations stays one). Thread-safe
 * as the store it wraps.
 */
public abstract class ForwardingLeaseStore implements LeaseStore {
  private final LeaseStore delegate;

  /** Forwards to {@code delegate}. */
  protected ForwardingLeaseStore(LeaseStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The store calls are forwarded to. */
  protected final LeaseStore delegate() {
    return delegate;
  }

  @Override
  public boolean durable() {
    return delegate.durable();
  }

  @Override
  public String storeId() {
    return delegate.storeId();
  }

  @Override
  public void insert(LeaseRecord record) {
    delegate.insert(record);
  }

  @Override
  public Optional<LeaseRecord> update(LeaseRecord record) {
    return delegate.update(record);
  }

  @Override
  public Optional<LeaseRecord> activate(LeaseRecord pending) {
    return delegate.activate(pending);
  }

  @Override
  public boolean batchesActivation() {
    return delegate.batchesActivation();
  }

  @Override
  public CompletableFuture<Optional<LeaseRecord>> activateLater(LeaseRecord pending) {
    return delegate.activateLater(pending);
  }

  @Override
  public Optional<LeaseRecord> get(String id) {
    return delegate.get(id);
  }

  @Override
  public boolean delete(String id) {
    return delegate.delete(id);
  }

  @Override
  public List<String> list(String prefix) {
    return delegate.list(prefix);
  }

  @Override
  public void scan(String prefix, Consumer<? super LeaseRecord> action) {
    delegate.scan(prefix, action);
  }

  @Override
  public List<LeaseRecord> claimDue(Instant now, Instant claimUntil, int limit) {
    return delegate.claimDue(now, claimUntil, limit);
  }

  @Override
  public Optional<Instant> nextDueTime() {
    return delegate.nextDueTime();
  }

  @Override
  public List<LeaseRecord> findByState(LeaseState state, int limit) {
    return delegate.findByState(state, limit);
  }

  @Override
  public long count() {
    return delegate.count();
  }

  @Override
  public List<LeaseStats.Group> groups() {
    return delegate.groups();
  }

  @Override
  public boolean keepsTasks() {
    return delegate.keepsTasks();
  }

  @Override
  public ScheduledTask putTask(ScheduledTask task) {
    return delegate.putTask(task);
  }

  @Override
  public Optional<ScheduledTask> updateTask(ScheduledTask task) {
    return delegate.updateTask(task);
  }

  @Override
  public Optional<ScheduledTask> getTask(String id) {
    return delegate.getTask(id);
  }

  @Override
  public boolean deleteTask(String id) {
    return delegate.deleteTask(id);
  }

  @Override
  public int deleteTasks(String prefix) {
    return delegate.deleteTasks(prefix);
  }

  @Override
  public List<ScheduledTask> claimDueTasks(Instant now, Instant claimUntil, int limit) {
    return delegate.claimDueTasks(now, claimUntil, limit);
  }

  @Override
  public Optional<Instant> nextTaskDueTime() {
    return delegate.nextTaskDueTime();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
