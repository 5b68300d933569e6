package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.Lessor;
import dev.lessor.LessorException;
import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.store.InMemoryStorage;
import dev.lessor.testing.LocalIam;
import dev.lessor.testing.ManualClock;
import dev.lessor.testing.ManualScheduler;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Closing the engine while a mint waits on IAM: the mint returns at once with an error, and the
 * pending lease, kept in the store, is revoked by the next Lessor over that store.
 */
class AwsEngineCloseIT {
  private final ManualClock clock = new ManualClock();
  private final LocalIam iam = LocalIam.builder().clock(clock).start();
  private final InMemoryLeaseStore store = new InMemoryLeaseStore();
  private final InMemoryStorage storage = new InMemoryStorage();
  private final ExecutorService caller =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "mint");
            t.setDaemon(true); // a hung mint must not keep the test JVM alive
            return t;
          });

  @AfterEach
  void close() {
    caller.shutdownNow();
    iam.close();
  }

  private Lessor lessor(ManualScheduler scheduler) {
    return Lessor.builder()
        .clock(clock)
        .scheduler(scheduler)
        .revocationExecutor(Runnable::run)
        .leaseStore(store)
        .storage(storage)
        .build();
  }

  @Test
  void close_duringAMint_mintFailsPromptlyAndTheNextLessorDeletesTheUser() throws Exception {
    ManualScheduler firstScheduler = new ManualScheduler(clock);
    Lessor first = lessor(firstScheduler);
    AwsSecretsEngine engine = new AwsSecretsEngine(d -> {});
    first.mount("aws/", engine);
    Map<String, Object> config = new HashMap<>();
    config.put("access_key", iam.adminAccessKeyId());
    config.put("secret_key", iam.adminSecretAccessKey());
    config.put("region", iam.region());
    config.put("iam_endpoint", iam.endpoint().toString());
    config.put("sts_endpoint", iam.endpoint().toString());
    config.put("max_retries", 0);
    first.write("aws/config/root", config);
    first.write("aws/roles/r", Map.of("policy", AwsTestBed.EC2_POLICY));
    // The key is created at once; its answer comes a minute later.
    iam.faults().latency("CreateAccessKey", Duration.ofMinutes(1));
    CompletableFuture<Object> mint =
        CompletableFuture.supplyAsync(() -> first.read("aws/creds/r"), caller);
    await(() -> iam.callCount("CreateAccessKey") == 1);

    long start = System.nanoTime();
    engine.close();

    assertThatThrownBy(() -> mint.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(LessorException.class)
        .hasMessageContaining("the AWS engine was closed while this request ran");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(iam.users()).singleElement().satisfies(u -> assertThat(u.accessKeys()).hasSize(1));
    first.close();

    iam.faults().clear();
    ManualScheduler secondScheduler = new ManualScheduler(clock);
    try (Lessor second = lessor(secondScheduler)) {
      second.mount("aws/", new AwsSecretsEngine(d -> {}));
      for (int i = 0;
          i < 30 && !(iam.users().isEmpty() && second.leases().list("aws/").isEmpty());
          i++) {
        clock.advance(Duration.ofMinutes(1));
        secondScheduler.runDue();
      }
      assertThat(iam.users()).isEmpty();
      assertThat(second.leases().list("aws/")).isEmpty();
    }
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.onSpinWait();
    }
  }
}
