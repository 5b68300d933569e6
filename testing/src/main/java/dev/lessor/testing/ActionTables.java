package dev.lessor.testing;

import java.util.HashMap;
import java.util.Map;

/** Every IAM and STS action LocalIam answers, by name, each acting on one {@link IamAccount}. */
final class ActionTables {
  private ActionTables() {}

  static Map<String, QueryAction> iam(IamAccount account) {
    Map<String, QueryAction> iam = new HashMap<>();
    new UserActions(account).register(iam);
    new CredentialActions(account).register(iam);
    new PolicyActions(account).register(iam);
    new GroupActions(account).register(iam);
    new RoleActions(account).register(iam);
    new MfaActions(account).register(iam);
    return iam;
  }

  static Map<String, QueryAction> sts(IamAccount account) {
    Map<String, QueryAction> sts = new HashMap<>();
    new StsActions(account).register(sts);
    new SessionTokenActions(account).register(sts);
    return sts;
  }
}
