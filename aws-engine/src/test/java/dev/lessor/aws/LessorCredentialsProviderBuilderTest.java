package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.InvalidRequestException;
import dev.lessor.Lessor;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LessorCredentialsProviderBuilderTest {
  private final Lessor lessor = Lessor.builder().build();

  @AfterEach
  void close() {
    lessor.close();
  }

  private static void assertInvalid(Runnable setter, String field, String rule) {
    assertThatThrownBy(setter::run)
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith(field + ": ")
        .hasMessageContaining(rule)
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo(field);
  }

  @Test
  void setters_badValues_throwAtOnceNamingTheField() {
    LessorCredentialsProviderBuilder b = LessorCredentialsProvider.builder();

    assertInvalid(() -> b.path("/aws/creds/x"), "path", "a credentials path");
    assertInvalid(() -> b.path("aws/creds/"), "path", "a credentials path");
    assertInvalid(() -> b.ttl(Duration.ZERO), "ttl", "must be positive");
    assertInvalid(() -> b.roleArn("deploy"), "role_arn", "must be an ARN");
    assertInvalid(() -> b.roleSessionName(" "), "role_session_name", "must not be blank");
    assertInvalid(() -> b.prefetchFraction(0), "prefetchFraction", "over 0 and at most 0.5");
    assertInvalid(() -> b.prefetchFraction(0.6), "prefetchFraction", "over 0 and at most 0.5");
    assertInvalid(() -> b.prefetchJitter(-0.1), "prefetchJitter", "from 0 to 1");
    assertInvalid(() -> b.prefetchMinimum(Duration.ofSeconds(-1)), "prefetchMinimum", "negative");
    assertInvalid(() -> b.overlap(Duration.ofSeconds(-1)), "overlap", "negative");
    assertInvalid(() -> b.maxCallerWait(Duration.ZERO), "maxCallerWait", "must be positive");
    assertInvalid(
        () -> b.retryBackoff(Duration.ofSeconds(10), Duration.ofSeconds(5)),
        "maxRetryBackoff",
        "at least retryBackoff");
    assertThatThrownBy(() -> b.lessor(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void build_withoutLessorOrPath_namesWhatIsMissing() {
    assertInvalid(() -> LessorCredentialsProvider.builder().build(), "lessor", "is required");
    assertInvalid(
        () -> LessorCredentialsProvider.builder().lessor(lessor).build(), "path", "is required");
  }

  @Test
  void toBuilder_givesTheSameSettings_andBuildsAnIndependentProvider() {
    try (LessorCredentialsProvider a =
            LessorCredentialsProvider.builder()
                .lessor(lessor)
                .path("aws/creds/app")
                .ttl(Duration.ofMinutes(20))
                .overlap(Duration.ofSeconds(30))
                .build();
        LessorCredentialsProvider b = a.toBuilder().path("aws/creds/other").build()) {

      assertThat(a.path()).isEqualTo("aws/creds/app");
      assertThat(b.path()).isEqualTo("aws/creds/other");
      assertThat(b.providerName()).isEqualTo("Lessor(aws/creds/other)");
      assertThat(a.toString())
          .isEqualTo("LessorCredentialsProvider{path=aws/creds/app, lease=none}");
    }
  }
}
