package dev.lessor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {
  /** The SHA-1 seed of RFC 6238's test vectors, "12345678901234567890", in Base32. */
  private static final String RFC_SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

  @ParameterizedTest
  @CsvSource({
    "59, 287082",
    "1111111109, 081804",
    "1111111111, 050471",
    "1234567890, 005924",
    "2000000000, 279037",
    "20000000000, 353130"
  })
  void code_rfc6238Vectors_matchTheirLastSixDigits(long epochSecond, String expected) {
    assertThat(Totp.code(RFC_SEED, Instant.ofEpochSecond(epochSecond))).isEqualTo(expected);
  }

  @Test
  void encode_rfcSeed_isTheBase32OfItsBytes() {
    assertThat(Totp.encode("12345678901234567890".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(RFC_SEED);
    assertThat(Totp.decode(RFC_SEED.toLowerCase()))
        .isEqualTo("12345678901234567890".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void code_seedNotBase32_isRefused() {
    assertThatThrownBy(() -> Totp.code("not base32!", Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Base32");
  }
}
