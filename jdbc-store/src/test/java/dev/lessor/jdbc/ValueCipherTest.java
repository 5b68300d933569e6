package dev.lessor.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.LessorException;
import org.junit.jupiter.api.Test;

class ValueCipherTest {
  private final ValueCipher cipher = ValueCipher.of(TestKeys.key(1));
  private final byte[] secret = "wJalrXUtnFEMI/K7MDENG".getBytes(UTF_8);

  @Test
  void encrypt_sameValueTwice_differentCiphertextsBothDecrypt() {
    byte[] a = cipher.encrypt(secret, "aws/config/root");
    byte[] b = cipher.encrypt(secret, "aws/config/root");

    assertThat(a).isNotEqualTo(b);
    assertThat(new String(a, UTF_8)).doesNotContain("wJalrXUtnFEMI");
    assertThat(cipher.decrypt(a, "aws/config/root")).isEqualTo(secret);
    assertThat(cipher.decrypt(b, "aws/config/root")).isEqualTo(secret);
  }

  @Test
  void decrypt_valueMovedToAnotherKey_failsAuthentication() {
    byte[] stored = cipher.encrypt(secret, "aws/config/root");

    assertThatThrownBy(() -> cipher.decrypt(stored, "aws-prod/config/root"))
        .isInstanceOf(LessorException.class)
        .hasMessage(
            "stored value of aws-prod/config/root failed authentication: wrong key or altered"
                + " data");
  }

  @Test
  void decrypt_alteredValue_failsAuthentication() {
    byte[] stored = cipher.encrypt(secret, "k");
    stored[stored.length - 1] ^= 1;

    assertThatThrownBy(() -> cipher.decrypt(stored, "k"))
        .isInstanceOf(LessorException.class)
        .hasMessageContaining("failed authentication");
  }

  @Test
  void decrypt_otherKey_namesBothKeyIds() {
    byte[] stored = ValueCipher.of(TestKeys.key(2)).encrypt(secret, "k");

    assertThatThrownBy(() -> cipher.decrypt(stored, "k"))
        .isInstanceOf(LessorException.class)
        .hasMessage(
            String.format(
                "stored value of k was encrypted with another key (key id %02x, this key is %02x)",
                TestKeys.key(2).id(), TestKeys.key(1).id()));
  }

  @Test
  void none_passesValuesThrough() {
    ValueCipher none = ValueCipher.none();

    assertThat(none.encrypt(secret, "k")).isEqualTo(secret);
    assertThat(none.decrypt(secret, "k")).isEqualTo(secret);
  }
}
