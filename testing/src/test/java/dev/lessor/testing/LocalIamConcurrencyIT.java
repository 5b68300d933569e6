package dev.lessor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;

/** Many clients at once: every call is answered and the state stays consistent. */
class LocalIamConcurrencyIT extends LocalIamFixture {
  private static final int THREADS = 16;
  private static final int USERS_PER_THREAD = 20;

  private ExecutorService pool;

  @BeforeEach
  void startPool() {
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void manyThreads_creatingAndDeletingUsers_leaveNoUserBehind() throws Exception {
    List<Callable<Integer>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      workers.add(
          () -> {
            for (int i = 0; i < USERS_PER_THREAD; i++) {
              String name = "user-" + thread + "-" + i;
              client.createUser(b -> b.userName(name));
              String keyId =
                  client.createAccessKey(b -> b.userName(name)).accessKey().accessKeyId();
              client.putUserPolicy(
                  b -> b.userName(name).policyName("p").policyDocument(LocalIamPoliciesIT.POLICY));
              client.deleteUserPolicy(b -> b.userName(name).policyName("p"));
              client.deleteAccessKey(b -> b.userName(name).accessKeyId(keyId));
              client.deleteUser(b -> b.userName(name));
            }
            return USERS_PER_THREAD;
          });
    }

    int done = 0;
    for (Future<Integer> f : pool.invokeAll(workers, 60, TimeUnit.SECONDS)) {
      done += f.get();
    }

    int total = THREADS * USERS_PER_THREAD;
    assertThat(done).isEqualTo(total);
    assertThat(iam.users()).isEmpty();
    assertThat(iam.callCount("CreateUser")).isEqualTo(total);
    assertThat(iam.callCount("DeleteUser")).isEqualTo(total);
  }

  @Test
  void manyThreads_creatingTheSameUser_exactlyOneWins() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger conflicts = new AtomicInteger();
    List<Callable<Boolean>> racers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      racers.add(
          () -> {
            assertThat(go.await(10, TimeUnit.SECONDS)).isTrue();
            try {
              client.createUser(b -> b.userName("contended"));
              return true;
            } catch (EntityAlreadyExistsException e) {
              conflicts.incrementAndGet();
              return false;
            }
          });
    }
    List<Future<Boolean>> results = new ArrayList<>();
    for (Callable<Boolean> racer : racers) {
      results.add(pool.submit(racer));
    }

    go.countDown();
    int winners = 0;
    for (Future<Boolean> r : results) {
      winners += r.get(30, TimeUnit.SECONDS) ? 1 : 0;
    }

    assertThat(winners).isEqualTo(1);
    assertThat(conflicts.get()).isEqualTo(THREADS - 1);
    assertThat(iam.users()).hasSize(1);
  }
}
