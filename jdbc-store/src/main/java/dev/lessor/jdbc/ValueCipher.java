package dev.lessor.jdbc;

import dev.lessor.LessorException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts values at rest with AES-256-GCM, or passes them through when the host gave no key.
 *
 * <p>An encrypted value is {@code [format 0x01][key id][12-byte random nonce][ciphertext + 16-byte
 * tag]}. The row's key (lease id or storage key) is the associated data, so a value copied into
 * another row fails authentication. Thread-safe: a {@link Cipher} is made per call.
 */
final class ValueCipher {
  private static final byte FORMAT = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int HEADER = 2 + NONCE_BYTES;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Stored in the schema metadata: proves at startup that the key is the store's key. */
  private static final String CHECK_NAME = "lessor-key-check";

  private final EncryptionKey key;

  private ValueCipher(EncryptionKey key) {
    this.key = key;
  }

  static ValueCipher none() {
    return new ValueCipher(null);
  }

  static ValueCipher of(EncryptionKey key) {
    return key == null ? none() : new ValueCipher(key);
  }

  boolean encrypts() {
    return key != null;
  }

  byte[] encrypt(byte[] plain, String rowKey) {
    if (key == null) {
      return plain;
    }
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(rowKey.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[HEADER + cipher.getOutputSize(plain.length)];
      out[0] = FORMAT;
      out[1] = key.id();
      System.arraycopy(nonce, 0, out, 2, NONCE_BYTES);
      cipher.doFinal(plain, 0, plain.length, out, HEADER);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not usable in this JVM", e);
    }
  }

  /**
   * @throws LessorException when the value was written with another key or was altered
   */
  byte[] decrypt(byte[] stored, String rowKey) {
    if (key == null) {
      return stored;
    }
    if (stored.length < HEADER || stored[0] != FORMAT) {
      throw new LessorException("stored value of " + rowKey + " is not encrypted by Lessor");
    }
    if (stored[1] != key.id()) {
      throw new LessorException(
          String.format(
              "stored value of %s was encrypted with another key (key id %02x, this key is %02x)",
              rowKey, stored[1], key.id()));
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          key.secretKey(),
          new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(stored, 2, HEADER)));
      cipher.updateAAD(rowKey.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(stored, HEADER, stored.length - HEADER);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new LessorException(
          "stored value of " + rowKey + " failed authentication: wrong key or altered data");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not usable in this JVM", e);
    }
  }

  /** The value stored in the schema metadata when the store is created. */
  byte[] checkValue() {
    byte[] plain = CHECK_NAME.getBytes(StandardCharsets.US_ASCII);
    return key == null ? plain : encrypt(plain, CHECK_NAME);
  }

  /**
   * Verifies that this cipher matches the store's check value.
   *
   * @throws LessorException saying what is wrong: a store encrypted with another key, an encrypted
   *     store opened without a key, or the reverse
   */
  void verify(byte[] stored, String storeName) {
    boolean storeEncrypted = !Arrays.equals(stored, CHECK_NAME.getBytes(StandardCharsets.US_ASCII));
    if (storeEncrypted && key == null) {
      throw new LessorException(
          storeName + " is encrypted: open it with the EncryptionKey it was created with");
    }
    if (!storeEncrypted && key != null) {
      throw new LessorException(
          storeName + " was created without encryption: open it without an EncryptionKey");
    }
    if (key == null) {
      return;
    }
    try {
      decrypt(stored, CHECK_NAME);
    } catch (LessorException e) {
      throw new LessorException(
          storeName
              + " was created with another encryption key (this key has id "
              + String.format("%02x", key.id())
              + "): open it with the key it was created with");
    }
  }
}
