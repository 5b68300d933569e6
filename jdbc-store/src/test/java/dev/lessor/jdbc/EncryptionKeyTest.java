package dev.lessor.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.InvalidRequestException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.KeyGenerator;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class EncryptionKeyTest {
  @Test
  void of_wrongLength_throwsNamingTheSize() {
    assertThatThrownBy(() -> EncryptionKey.of(new byte[16]))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("encryptionKey: must be a 256-bit AES key (32 bytes), got 16 bytes");
  }

  @Test
  void of_bytes_leavesCallersArrayIntact() {
    byte[] raw = TestKeys.bytes(5);

    EncryptionKey.of(raw);

    assertThat(raw).isEqualTo(TestKeys.bytes(5));
  }

  @Test
  void of_aesSecretKey_encryptsLikeTheSameBytes() throws Exception {
    KeyGenerator generator = KeyGenerator.getInstance("AES");
    generator.init(256);
    javax.crypto.SecretKey secretKey = generator.generateKey();

    EncryptionKey fromSecretKey = EncryptionKey.of(secretKey);
    EncryptionKey fromBytes = EncryptionKey.of(secretKey.getEncoded());

    byte[] encrypted = ValueCipher.of(fromSecretKey).encrypt("v".getBytes(UTF_8), "k");
    assertThat(ValueCipher.of(fromBytes).decrypt(encrypted, "k")).isEqualTo("v".getBytes(UTF_8));
  }

  @Test
  void of_nonAesSecretKey_throws() {
    assertThatThrownBy(() -> EncryptionKey.of(new SecretKeySpec(new byte[32], "HmacSHA256")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("encryptionKey: must be an AES key whose encoded form is available");
  }

  @Test
  void fromEnvironment_base64Key_readsIt() {
    String base64 = Base64.getEncoder().encodeToString(TestKeys.bytes(3));

    EncryptionKey key =
        EncryptionKey.fromEnvironment("LESSOR_KEY", Map.of("LESSOR_KEY", base64)::get);

    assertThat(key.id()).isEqualTo(TestKeys.key(3).id());
  }

  @Test
  void fromEnvironment_unset_throwsNamingTheVariable() {
    assertThatThrownBy(() -> EncryptionKey.fromEnvironment("LESSOR_KEY", name -> null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("LESSOR_KEY: environment variable is not set");
  }

  @Test
  void fromEnvironment_notBase64_throwsWithoutEchoingIt() {
    assertThatThrownBy(
            () -> EncryptionKey.fromEnvironment("LESSOR_KEY", name -> "not base64 secret!"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("LESSOR_KEY: must hold a 32-byte key in Base64");
  }

  @Test
  void fromEnvironment_shortKey_throwsNamingTheVariable() {
    String base64 = Base64.getEncoder().encodeToString(new byte[8]);

    assertThatThrownBy(() -> EncryptionKey.fromEnvironment("LESSOR_KEY", name -> base64))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("LESSOR_KEY: must be a 256-bit AES key (32 bytes), got 8 bytes");
  }

  @Test
  void toString_showsKeyIdOnly() {
    EncryptionKey key = TestKeys.key(0x41);

    assertThat(key.toString())
        .matches("EncryptionKey\\{id=[0-9a-f]{2}}")
        .doesNotContain("AAAA")
        .doesNotContain(Base64.getEncoder().encodeToString(TestKeys.bytes(0x41)));
  }
}
