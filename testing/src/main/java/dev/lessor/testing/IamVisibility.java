package dev.lessor.testing;

import java.time.Duration;
import java.time.Instant;

/**
 * IAM's eventual consistency as {@link IamFaults#invisibleFor} arms it: a call that names a user,
 * access key, managed policy or group created less than the window ago is answered {@code
 * NoSuchEntity}, worded as IAM words it, before the action runs. Called by {@link QueryServer}
 * while holding the account lock. Stateless.
 */
final class IamVisibility {
  private IamVisibility() {}

  /** Throws IAM's NoSuchEntity when {@code request} names an entity that is still hidden. */
  static void check(IamAccount account, QueryRequest request, Duration window) {
    if (window.isZero()) {
      return;
    }
    Instant visibleAfter = account.now().minus(window);
    String userName = request.optional("UserName");
    if (userName != null) {
      IamUser user = account.findUser(userName);
      if (user != null && user.createDate.isAfter(visibleAfter)) {
        throw QueryError.noSuchEntity("The user with name " + userName + " cannot be found.");
      }
    }
    String keyId = request.optional("AccessKeyId");
    if (keyId != null) {
      AccessKey key = account.credentials.key(keyId);
      if (key != null && key.createDate.isAfter(visibleAfter)) {
        throw QueryError.noSuchEntity("The Access Key with id " + keyId + " cannot be found.");
      }
    }
    for (String parameter : new String[] {"PolicyArn", "PermissionsBoundary"}) {
      String arn = request.optional(parameter);
      ManagedPolicy policy = arn == null ? null : account.findPolicy(arn);
      if (policy != null && policy.createDate().isAfter(visibleAfter)) {
        throw QueryError.noSuchEntity("Policy " + arn + " does not exist or is not attachable.");
      }
    }
    String groupName = request.optional("GroupName");
    if (groupName != null) {
      IamGroup group = account.findGroup(groupName);
      if (group != null && group.createDate.isAfter(visibleAfter)) {
        throw QueryError.noSuchEntity("The group with name " + groupName + " cannot be found.");
      }
    }
  }
}
