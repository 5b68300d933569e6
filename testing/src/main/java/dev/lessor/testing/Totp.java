package dev.lessor.testing;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords as virtual MFA devices compute them (RFC 6238: HMAC-SHA-1, a 30
 * second step from the Unix epoch, six digits), so that a test can type the code of a {@link
 * LocalIam} virtual MFA device from the Base32 seed that {@code CreateVirtualMFADevice} returned.
 *
 * <pre>{@code
 * String seed = iam.createVirtualMFADevice(r -> r.virtualMFADeviceName("ops"))
 *     .virtualMFADevice().base32StringSeed().asUtf8String();
 * String code = Totp.code(seed, clock.instant());
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class Totp {
  /** The time step of a code: 30 seconds, as every virtual MFA device AWS accepts uses. */
  public static final Duration STEP = Duration.ofSeconds(30);

  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private Totp() {}

  /**
   * The six-digit code of {@code base32Seed} at {@code time}.
   *
   * @throws IllegalArgumentException when the seed is not Base32 (RFC 4648, padding optional)
   */
  public static String code(String base32Seed, Instant time) {
    Objects.requireNonNull(base32Seed, "base32Seed");
    Objects.requireNonNull(time, "time");
    return codeAtStep(decode(base32Seed), step(time));
  }

  /** The number of the 30-second step that {@code time} falls in. */
  static long step(Instant time) {
    return Math.floorDiv(time.getEpochSecond(), STEP.getSeconds());
  }

  /** RFC 4226's HOTP of {@code key} at counter {@code step}, truncated to six digits. */
  static String codeAtStep(byte[] key, long step) {
    byte[] hash;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is missing from this JVM", e);
    }
    int offset = hash[hash.length - 1] & 0x0f;
    int binary = ByteBuffer.wrap(hash, offset, Integer.BYTES).getInt() & 0x7fff_ffff;
    return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
  }

  /** {@code bytes} in Base32 without padding, as AWS returns seeds. */
  static String encode(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  static byte[] decode(String base32) {
    String text = base32.replace("=", "").replace(" ", "").toUpperCase(Locale.ROOT);
    ByteBuffer out = ByteBuffer.allocate(text.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (char c : text.toCharArray()) {
      int value = BASE32.indexOf(c);
      if (value < 0) {
        throw new IllegalArgumentException("the seed is not Base32 (A-Z, 2-7)");
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        out.put((byte) (buffer >> (bits - 8)));
        bits -= 8;
      }
    }
    return out.array();
  }
}
