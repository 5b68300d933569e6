package dev.lessor.examples;

import dev.lessor.Lease;
import dev.lessor.Lessor;
import dev.lessor.Response;
import dev.lessor.internal.Durations;
import dev.lessor.testing.FakeSecretsEngine;
import java.time.Duration;
import java.util.Map;

/**
 * The lease lifecycle on the fake engine: issue, look up, renew, revoke. Needs nothing but the JDK.
 */
public final class QuickStart {
  private QuickStart() {}

  public static void main(String[] args) {
    try (Lessor lessor = Lessor.builder().build()) {
      lessor.mount("fake/", new FakeSecretsEngine());

      Response creds = lessor.read("fake/creds/app", Map.of("ttl", "1h"));
      Lease lease = creds.lease().orElseThrow();
      System.out.println(
          "issued   " + lease.id() + " for " + Durations.format(lease.ttl()) + ": " + creds.data());

      Lease renewed = lessor.leases().renew(lease.id(), Duration.ofHours(2));
      System.out.println("renewed  " + renewed.id() + ", now expires " + renewed.expireTime());

      lessor.leases().revoke(lease.id());
      System.out.println("revoked  " + lease.id() + "; leases left: " + lessor.leases().count());
    }
  }
}
