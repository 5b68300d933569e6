package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.InvalidRequestException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UsernameTemplateTest {
  private static final Instant NOW = Instant.ofEpochSecond(1_767_225_600L);
  private static final UsernameTemplate DEFAULT = UsernameTemplate.parse(UsernameTemplate.DEFAULT);

  @Test
  void render_default_isPrefixRoleTimeAndTwentyRandom() {
    assertThat(DEFAULT.render("my-role", "", NOW, 64))
        .matches("lessor-my-role-1767225600-[A-Za-z0-9]{20}");
  }

  @Test
  void render_twice_givesDifferentNames() {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      names.add(DEFAULT.render("r", "", NOW, 64));
    }
    assertThat(names).hasSize(100);
  }

  @Test
  void render_longRole_cutsTimeThenRoleButKeepsRandom() {
    String role = "a-very-long-role-name-that-goes-on-and-on-and-on-forever-and-more";

    String name = DEFAULT.render(role, "", NOW, 64);

    assertThat(name)
        .hasSize(64)
        .startsWith("lessor-a-very-long-role")
        .matches(".*--[A-Za-z0-9]{20}");
  }

  @Test
  void render_federationLimit_keepsRoleAndRandomWithin32() {
    assertThat(DEFAULT.render("fed", "", NOW, 32)).matches("lessor-fed--[A-Za-z0-9]{20}");
  }

  @Test
  void render_charactersIamRejects_becomeUnderscores() {
    UsernameTemplate t = UsernameTemplate.parse("{{display_name}}.{{role}}_{{random 8}}");

    assertThat(t.render("r/x", "Jane Doe (ops)", NOW, 64))
        .matches("Jane_Doe__ops_\\.r_x_[A-Za-z0-9]{8}");
  }

  @Test
  void parse_randomOutsideBounds_isRejectedNamingTheField() {
    assertThatThrownBy(() -> UsernameTemplate.parse("x-{{random 7}}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "username_template: must hold between 8 and 32 random characters ({{random N}}), has 7");
    assertThatThrownBy(() -> UsernameTemplate.parse("{{random 20}}{{random 20}}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("has 40");
  }

  @Test
  void parse_argumentOnNonRandom_isRejected() {
    assertThatThrownBy(() -> UsernameTemplate.parse("{{role 3}}{{random}}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("username_template: {{role}} takes no argument");
  }
}
