package dev.lessor.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The IAM actions on virtual MFA devices: CreateVirtualMFADevice (answers the Base32 seed, from
 * which {@link Totp} computes the codes), EnableMFADevice (two consecutive codes), ListMFADevices,
 * ListVirtualMFADevices, DeactivateMFADevice and DeleteVirtualMFADevice. A user with an enabled
 * device cannot be deleted ({@code DeleteConflict}), as on AWS. Hardware devices are not modelled.
 * Runs under the account lock (see {@link QueryAction}).
 */
final class MfaActions {
  private final IamAccount account;

  MfaActions(IamAccount account) {
    this.account = account;
  }

  void register(Map<String, QueryAction> table) {
    table.put("CreateVirtualMFADevice", this::create);
    table.put("EnableMFADevice", this::enable);
    table.put("ListMFADevices", this::list);
    table.put("ListVirtualMFADevices", this::listVirtual);
    table.put("DeactivateMFADevice", this::deactivate);
    table.put("DeleteVirtualMFADevice", this::delete);
  }

  private void create(QueryRequest r, Caller caller, XmlWriter w) {
    String name = IamRules.name("virtualMFADeviceName", r.required("VirtualMFADeviceName"), 226);
    String path = IamRules.path("path", r.optional("Path", "/"));
    MfaDevices.Device device = account.mfa.create(name, path);
    // Base32StringSeed is a blob: the Base32 text's bytes, base64-encoded on the wire.
    String blob =
        Base64.getEncoder().encodeToString(device.seed.getBytes(StandardCharsets.US_ASCII));
    w.start("VirtualMFADevice")
        .value("SerialNumber", device.serialNumber)
        .value("Base32StringSeed", blob)
        .end();
  }

  private void enable(QueryRequest r, Caller caller, XmlWriter w) {
    account.mfa.enable(
        UserActions.userName(r),
        r.required("SerialNumber"),
        code(r, "AuthenticationCode1"),
        code(r, "AuthenticationCode2"));
  }

  private void list(QueryRequest r, Caller caller, XmlWriter w) {
    String name = UserActions.userNameOrCaller(r, caller);
    List<MfaDevices.Device> devices = List.of();
    if (name != null) {
      account.requireUser(name);
      devices = account.mfa.enabledFor(name);
    }
    Page<MfaDevices.Device> page = Page.of(devices, d -> d.serialNumber, r);
    w.members(
            "MFADevices",
            page.items(),
            (x, d) ->
                x.value("UserName", d.userName)
                    .value("SerialNumber", d.serialNumber)
                    .value("EnableDate", d.enableDate))
        .page(page);
  }

  private void listVirtual(QueryRequest r, Caller caller, XmlWriter w) {
    String status = r.optional("AssignmentStatus", "Any");
    List<MfaDevices.Device> devices =
        account.mfa.all().stream()
            .filter(
                d -> status.equals("Any") || (status.equals("Assigned") == (d.userName != null)))
            .toList();
    Page<MfaDevices.Device> page = Page.of(devices, d -> d.serialNumber, r);
    w.members(
            "VirtualMFADevices",
            page.items(),
            (x, d) -> x.value("SerialNumber", d.serialNumber).value("EnableDate", d.enableDate))
        .page(page);
  }

  private void deactivate(QueryRequest r, Caller caller, XmlWriter w) {
    String name = UserActions.userNameOrCaller(r, caller);
    if (name != null) {
      account.requireUser(name);
    }
    account.mfa.deactivate(name, r.required("SerialNumber"));
  }

  private void delete(QueryRequest r, Caller caller, XmlWriter w) {
    account.mfa.delete(r.required("SerialNumber"));
  }

  private static String code(QueryRequest r, String field) {
    String code = r.required(field);
    if (!code.matches("\\d{6}")) {
      throw QueryError.validation(
          "1 validation error detected: Value at '"
              + QueryRequest.memberName(field)
              + "' failed to satisfy constraint: Member must satisfy regular expression pattern:"
              + " [\\d]+");
    }
    return code;
  }
}
