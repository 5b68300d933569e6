package dev.lessor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.InvalidRequestException;
import dev.lessor.SecretValue;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTest {

  private static Request request(Map<String, ?> data) {
    return new Request(Operation.WRITE, "roles/x", Map.of("name", "x"), data, LeaseIssuer.none());
  }

  @Test
  void typedGetters_readCliStyleValues() {
    Request r =
        request(
            Map.of(
                "ttl", "1h30m",
                "max", 3600,
                "flag", "true",
                "arns", "a, b,,c",
                "list", List.of("x", "y"),
                "tags", "team=core, env=dev",
                "n", "42"));

    assertThat(r.duration("ttl")).hasValue(Duration.ofMinutes(90));
    assertThat(r.duration("max")).hasValue(Duration.ofHours(1));
    assertThat(r.bool("flag")).hasValue(true);
    assertThat(r.stringList("arns")).containsExactly("a", "b", "c");
    assertThat(r.stringList("list")).containsExactly("x", "y");
    assertThat(r.stringMap("tags"))
        .containsExactly(Map.entry("team", "core"), Map.entry("env", "dev"));
    assertThat(r.integer("n")).hasValue(42);
    assertThat(r.string("missing")).isEmpty();
    assertThat(r.stringList("missing")).isEmpty();
    assertThat(r.param("name")).isEqualTo("x");
  }

  @Test
  void typedGetters_badValues_nameTheField() {
    Request r = request(Map.of("ttl", "-5m", "flag", "maybe", "n", "4.5", "tags", "novalue"));

    assertThatThrownBy(() -> r.duration("ttl"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("ttl: must be a duration like 768h, 30m, 1h30m or a number of seconds");
    assertThatThrownBy(() -> r.bool("flag")).hasMessage("flag: must be true or false");
    assertThatThrownBy(() -> r.integer("n")).hasMessage("n: must be a whole number");
    assertThatThrownBy(() -> r.stringMap("tags"))
        .hasMessage("tags: must be key=value pairs separated by commas");
    assertThatThrownBy(() -> r.requireString("policy")).hasMessage("policy: is required");
  }

  @Test
  void nullValues_countAsAbsent_andToStringHidesValues() {
    Map<String, Object> data = new HashMap<>();
    data.put("ttl", null);
    data.put("secret_key", SecretValue.of("s3cr3t"));
    Request r = request(data);

    assertThat(r.has("ttl")).isFalse();
    assertThat(r.duration("ttl")).isEmpty();
    assertThat(r.string("secret_key")).hasValue("s3cr3t");
    assertThat(r.toString()).doesNotContain("s3cr3t").contains("secret_key");
  }

  @Test
  void beginLease_withoutIssuer_isRefused() {
    assertThatThrownBy(() -> request(Map.of()).beginLease(LeaseTerms.defaults(), Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this request cannot issue a lease");
  }
}
