package dev.lessor.micrometer;

import dev.lessor.engine.LeaseTerms;
import dev.lessor.engine.MountContext;
import dev.lessor.engine.Operation;
import dev.lessor.engine.PathRouter;
import dev.lessor.engine.SecretsEngine;
import dev.lessor.store.LeaseRecord;
import dev.lessor.testing.FakeSecretsEngine;
import dev.lessor.testing.ManualClock;
import java.time.Duration;

/**
 * A {@link FakeSecretsEngine} whose issues and revocations take a known time on a manual clock, so
 * that the timers have exact values to check.
 */
final class TimedEngine implements SecretsEngine {
  final FakeSecretsEngine fake = new FakeSecretsEngine();
  private final ManualClock clock;
  private final Duration mintTime;
  private final Duration revokeTime;

  TimedEngine(ManualClock clock, Duration mintTime, Duration revokeTime) {
    this.clock = clock;
    this.mintTime = mintTime;
    this.revokeTime = revokeTime;
  }

  @Override
  public PathRouter mount(MountContext context) {
    PathRouter inner = fake.mount(context);
    return PathRouter.builder()
        .read(
            "creds/{name}",
            request -> {
              clock.advance(mintTime);
              return inner.route(Operation.READ, request.path()).handler().handle(request);
            })
        .build();
  }

  @Override
  public void revoke(LeaseRecord lease) {
    clock.advance(revokeTime);
    fake.revoke(lease);
  }

  @Override
  public LeaseTerms renew(LeaseRecord lease, Duration increment) {
    return fake.renew(lease, increment);
  }
}
