package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.SecretValue;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RootConfigTest {
  private final RootConfig config =
      new RootConfig(
          "AKIAEXAMPLEEXAMPLE01",
          SecretValue.of("root-secret-value"),
          "eu-west-1",
          URI.create("http://127.0.0.1:4566"),
          null,
          3,
          UsernameTemplate.DEFAULT,
          2.5,
          Duration.ofSeconds(20),
          new StsRouting(
              "eu-central-1",
              List.of(URI.create("https://sts.eu-west-2.amazonaws.com")),
              List.of("eu-west-2")));

  @Test
  void encodeDecode_roundTrip_keepsEveryField() {
    assertThat(RootConfig.decode(config.encode())).isEqualTo(config);
    assertThat(RootConfig.decode(RootConfig.defaults().encode())).isEqualTo(RootConfig.defaults());
  }

  @Test
  void toStringAndPublicData_leaveOutTheSecretKey() {
    assertThat(config.toString()).doesNotContain("root-secret-value").contains("AKIAEXAMPLE");
    assertThat(config.publicData()).doesNotContainKey("secret_key");
  }
}
