package dev.lessor.aws;

import dev.lessor.testing.Totp;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;

/**
 * An IAM user with an access key and an enabled virtual MFA device, set up through the IAM API as
 * an operator would (two consecutive codes, so {@code clock} moves one TOTP step), for use as the
 * root credentials of a mount whose roles require MFA. Immutable.
 */
record MfaUser(String arn, String accessKey, String secretKey, String serial, String seed) {
  static MfaUser create(IamClient admin, String name, Clock clock, Runnable nextStep) {
    String arn = admin.createUser(b -> b.userName(name)).user().arn();
    AccessKey key = admin.createAccessKey(b -> b.userName(name)).accessKey();
    VirtualMFADevice device =
        admin.createVirtualMFADevice(b -> b.virtualMFADeviceName(name)).virtualMFADevice();
    String seed = device.base32StringSeed().asUtf8String();
    String first = Totp.code(seed, clock.instant());
    nextStep.run();
    String second = Totp.code(seed, clock.instant());
    admin.enableMFADevice(
        b ->
            b.userName(name)
                .serialNumber(device.serialNumber())
                .authenticationCode1(first)
                .authenticationCode2(second));
    return new MfaUser(arn, key.accessKeyId(), key.secretAccessKey(), device.serialNumber(), seed);
  }

  /** The code the device shows now. */
  String code(Clock clock) {
    return Totp.code(seed, clock.instant());
  }

  /** config/root fields that sign as this user. */
  Map<String, Object> rootKeys() {
    return Map.of("access_key", accessKey, "secret_key", secretKey);
  }

  @Override
  public String toString() {
    return "MfaUser[" + arn + ", " + serial + "]";
  }
}
