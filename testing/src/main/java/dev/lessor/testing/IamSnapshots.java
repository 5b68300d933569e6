package dev.lessor.testing;

import dev.lessor.testing.LocalIam.AccessKeyView;
import dev.lessor.testing.LocalIam.Session;
import dev.lessor.testing.LocalIam.User;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a test sees of an {@link IamAccount}: immutable copies of its users and STS sessions, taken
 * under the account's lock so that each is consistent with itself, and never a secret. Thread-safe.
 */
final class IamSnapshots {
  private final IamAccount account;

  IamSnapshots(IamAccount account) {
    this.account = account;
  }

  /** Every user, sorted by name. */
  List<User> users() {
    synchronized (account) {
      return account.users().stream().map(this::view).toList();
    }
  }

  /** The user named {@code name} (IAM names ignore case), if it exists. */
  Optional<User> user(String name) {
    Objects.requireNonNull(name, "name");
    synchronized (account) {
      return Optional.ofNullable(account.findUser(name)).map(this::view);
    }
  }

  /** Every STS session issued so far, oldest expiry first. */
  List<Session> sessions() {
    synchronized (account) {
      return account.credentials.sessions().stream()
          .map(s -> new Session(s.accessKeyId(), s.caller().arn(), s.expiration()))
          .sorted(Comparator.comparing(Session::expiration).thenComparing(Session::accessKeyId))
          .toList();
    }
  }

  // with the account's lock held
  private User view(IamUser u) {
    return new User(
        u.name,
        u.path,
        u.arn,
        u.createDate,
        account.credentials.accessKeys(u.name).stream()
            .map(k -> new AccessKeyView(k.id, k.status))
            .toList(),
        u.inlinePolicies,
        List.copyOf(u.attachedPolicyArns),
        List.copyOf(u.groups),
        u.tags,
        u.permissionsBoundaryArn,
        u.loginProfileCreated != null,
        List.copyOf(u.sshKeys.keySet()));
  }
}
