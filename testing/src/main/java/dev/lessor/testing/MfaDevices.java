package dev.lessor.testing;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The virtual MFA devices of an account and the checks of their codes: a device is created with a
 * random seed, enabled for one IAM user with two consecutive codes, and then its current code (one
 * step of clock skew either way, as AWS tolerates) passes the MFA checks of GetSessionToken and
 * AssumeRole. Seeds never leave this class but in the CreateVirtualMFADevice answer. Not
 * thread-safe: used under the {@link IamAccount} lock.
 */
final class MfaDevices {
  private static final Pattern SERIAL = Pattern.compile("[\\w+=/:,.@-]+");
  static final String INVALID_CODE =
      "MultiFactorAuthentication failed with invalid MFA one time pass code.";

  private final IamAccount account;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Device> devices = new TreeMap<>();

  /** A virtual device; {@code userName} and {@code enableDate} are set once it is enabled. */
  static final class Device {
    final String serialNumber;
    final String seed;
    String userName;
    Instant enableDate;

    Device(String serialNumber, String seed) {
      this.serialNumber = serialNumber;
      this.seed = seed;
    }

    @Override
    public String toString() {
      return "Device[" + serialNumber + ", user " + userName + "]"; // never the seed
    }
  }

  MfaDevices(IamAccount account) {
    this.account = account;
  }

  Device create(String name, String path) {
    String serial = "arn:aws:iam::" + account.accountId + ":mfa" + path + name;
    if (devices.containsKey(serial)) {
      throw QueryError.alreadyExists("MFADevice entity at the same path and name already exists.");
    }
    byte[] seed = new byte[20];
    random.nextBytes(seed);
    Device device = new Device(serial, Totp.encode(seed));
    devices.put(serial, device);
    return device;
  }

  /** Assigns a device to a user once two consecutive codes of the last minute or so match. */
  void enable(String userName, String serial, String code1, String code2) {
    IamUser user = account.requireUser(userName);
    Device device = require(serial);
    if (device.userName != null) {
      throw QueryError.alreadyExists("MFA Device is already in use.");
    }
    long now = Totp.step(account.now());
    boolean valid = false;
    for (long step = now - 2; step <= now && !valid; step++) {
      valid = matches(device, code1, step) && matches(device, code2, step + 1);
    }
    if (!valid) {
      throw new QueryError(
          403, "InvalidAuthenticationCode", "Authentication code for device is not valid.");
    }
    device.userName = user.name;
    device.enableDate = account.now();
  }

  /** The devices enabled for {@code userName}, by serial number. */
  List<Device> enabledFor(String userName) {
    List<Device> out = new ArrayList<>();
    for (Device d : devices.values()) {
      if (d.userName != null && d.userName.equalsIgnoreCase(userName)) {
        out.add(d);
      }
    }
    return out;
  }

  /** Every virtual device, enabled or not. */
  List<Device> all() {
    return new ArrayList<>(devices.values());
  }

  /** Unassigns a device from its user; the device stays, as DeactivateMFADevice leaves it. */
  void deactivate(String userName, String serial) {
    Device device = devices.get(serial);
    if (device == null || device.userName == null || !device.userName.equalsIgnoreCase(userName)) {
      throw notFound(serial);
    }
    device.userName = null;
    device.enableDate = null;
  }

  void delete(String serial) {
    Device device = require(serial);
    if (device.userName != null) {
      throw QueryError.deleteConflict("MFA Device is in use; deactivate it first.");
    }
    devices.remove(serial);
  }

  /**
   * The MFA check of an STS call: with neither {@code SerialNumber} nor {@code TokenCode} it passes
   * unless {@code required}; otherwise both must be given, and the code must be the current one of
   * a device enabled for the calling IAM user. Every failure is AWS's AccessDenied, which never
   * says which part was wrong and never repeats the code.
   *
   * @return whether the call was authenticated with MFA
   */
  boolean check(QueryRequest r, Caller caller, boolean required, String deniedMessage) {
    String serial = r.optional("SerialNumber");
    String code = r.optional("TokenCode");
    if (serial == null && code == null) {
      if (required) {
        throw QueryError.accessDenied(deniedMessage);
      }
      return false;
    }
    if (serial != null) {
      IamRules.pattern("serialNumber", serial, 9, 256, SERIAL);
    }
    if (code != null && !code.matches("\\d{6}")) {
      // The SDK's model bounds TokenCode to 6 digits; AWS answers a ValidationError, never echoing.
      throw QueryError.validation(
          "1 validation error detected: Value at 'tokenCode' failed to satisfy constraint: Member"
              + " must have length 6 and consist of digits");
    }
    if (serial == null || code == null) {
      throw QueryError.accessDenied(
          "MultiFactorAuthentication failed, must provide both MFA serial number and one time"
              + " pass code.");
    }
    Device device = devices.get(serial);
    boolean owned =
        device != null
            && device.userName != null
            && caller.userName() != null
            && device.userName.equalsIgnoreCase(caller.userName());
    long now = Totp.step(account.now());
    if (!owned
        || !(matches(device, code, now - 1)
            || matches(device, code, now)
            || matches(device, code, now + 1))) {
      throw QueryError.accessDenied(INVALID_CODE);
    }
    return true;
  }

  private Device require(String serial) {
    Device device = devices.get(serial);
    if (device == null) {
      throw notFound(serial);
    }
    return device;
  }

  private static QueryError notFound(String serial) {
    return QueryError.noSuchEntity("MFA Device with serial number " + serial + " cannot be found.");
  }

  private static boolean matches(Device device, String code, long step) {
    return Totp.codeAtStep(Totp.decode(device.seed), step).equals(code);
  }
}
