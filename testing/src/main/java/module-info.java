/**
 * Lessor's test kit: {@link dev.lessor.testing.ManualClock}, {@link
 * dev.lessor.testing.ManualScheduler}, {@link dev.lessor.testing.FakeSecretsEngine}, {@link
 * dev.lessor.testing.LocalIam} (IAM and STS on loopback) and the store contract suites.
 */
module dev.lessor.testing {
  requires transitive dev.lessor.core;
  // The contract suites are JUnit 5 test classes with AssertJ assertions that users extend.
  requires transitive org.junit.jupiter.api;
  requires org.assertj.core;
  requires jdk.httpserver;
  requires org.slf4j;

  exports dev.lessor.testing;

  // JUnit calls the contract suites' package-private test and lifecycle methods reflectively.
  opens dev.lessor.testing to
      org.junit.platform.commons;
}
