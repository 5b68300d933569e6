package dev.lessor.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The fixture the LocalIam ITs share: a fresh {@link LocalIam} for each test and an {@link
 * IamClient} signed with its root (admin) key, both closed after the test. A subclass that needs
 * other LocalIam settings overrides {@link #startLocalIam()}. JUnit runs a subclass's own
 * {@code @BeforeEach} methods after this one and its {@code @AfterEach} methods before this one, so
 * they may use {@link #iam} and {@link #client}. Not thread-safe: one instance per test.
 */
abstract class LocalIamFixture {
  LocalIam iam;
  IamClient client;

  /** Starts the LocalIam of one test; by default with every setting at its default. */
  LocalIam startLocalIam() {
    return LocalIam.start();
  }

  @BeforeEach
  final void startLocalIamAndClient() {
    iam = startLocalIam();
    client = IamClients.iam(iam);
  }

  @AfterEach
  final void closeClientAndLocalIam() {
    client.close();
    iam.close();
  }
}
