package dev.lessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No secret value reaches a toString, a log line or an exception message. */
class SecretRedactionTest {

  @Test
  void secretValue_printsMaskOnly() {
    SecretValue secret = SecretValue.of("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

    assertThat(secret).hasToString("***");
    assertThat(Map.of("secret_key", secret).toString()).isEqualTo("{secret_key=***}");
    assertThat(secret.reveal()).isEqualTo("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  }

  @Test
  void wholeLifecycle_neverPrintsTheSecret() {
    PrintStream original = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    StringBuilder printed = new StringBuilder();
    String password;
    try (TestLessor t = new TestLessor()) {
      Response response = t.issue("app");
      password = response.string("password");
      String id = response.lease().orElseThrow().id();
      printed.append(response).append(response.data()).append(response.lease().orElseThrow());

      t.leases().renew(id, Duration.ofHours(1));
      t.engine.failNextRevocations(1);
      printed.append(catchThrowable(() -> t.leases().revoke(id)).getMessage());
      t.clock.advance(Duration.ofMinutes(1));
      t.engine.failNextIssues(1);
      printed.append(catchThrowable(() -> t.issue("app")).getMessage());
      printed.append(t.events).append(t.lessor).append(t.store.list(""));
      t.issue("other");
      t.clock.advance(Duration.ofDays(40));
    } finally {
      System.setErr(original);
    }
    String logText = logs.toString(StandardCharsets.UTF_8);

    assertThat(password).isNotBlank();
    assertThat(logText).contains("DEBUG dev.lessor").doesNotContain(password);
    assertThat(printed.toString()).contains("password=***").doesNotContain(password);
  }
}
