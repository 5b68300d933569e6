package dev.lessor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonSyntaxTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        " {\"Statement\": [] } ",
        "{\"a\": {\"b\": [1, -2.5e3, true, false, null, \"x\\\"y\\u0041\"]}, \"Statement\": 0}"
      })
  void topLevelKeys_validObject_returnsItsKeys(String json) {
    assertThat(JsonSyntax.topLevelKeys(json)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "\"x\"",
        "{",
        "{\"a\" 1}",
        "{\"a\": 1,}",
        "{\"a\": 01}",
        "{\"a\": tru}",
        "{\"a\": \"\\q\"}",
        "{} {}",
        "{a: 1}"
      })
  void topLevelKeys_notAJsonObject_returnsNull(String text) {
    assertThat(JsonSyntax.topLevelKeys(text)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"Version\": \"2012-10-17\", \"Statement\": []}"})
  void topLevelKeys_policy_namesVersionAndStatement(String json) {
    assertThat(JsonSyntax.topLevelKeys(json)).containsExactlyInAnyOrder("Version", "Statement");
  }
}
