package dev.lessor.testing;

import java.time.Duration;
import java.util.Map;

/**
 * STS GetSessionToken: temporary credentials of the calling root or IAM user, optionally
 * authenticated with the code of a virtual MFA device enabled for that user ({@link MfaDevices}).
 * The session acts as its principal (GetCallerIdentity answers the user's ARN). Durations are
 * 900..129600 seconds (default 12 hours); the root user's sessions are capped at one hour without
 * an error, as on AWS. Runs under the account lock (see {@link QueryAction}).
 */
final class SessionTokenActions {
  private static final Duration ROOT_MAX = Duration.ofHours(1);
  private final IamAccount account;

  SessionTokenActions(IamAccount account) {
    this.account = account;
  }

  void register(Map<String, QueryAction> table) {
    table.put("GetSessionToken", this::getSessionToken);
  }

  private void getSessionToken(QueryRequest r, Caller caller, XmlWriter w) {
    if (caller.isTemporary()) {
      throw QueryError.accessDenied("Cannot call GetSessionToken with session credentials");
    }
    Duration duration = Duration.ofSeconds(r.integer("DurationSeconds", 43_200, 900, 129_600));
    account.mfa.check(r, caller, false, null);
    if (caller.kind() == Caller.Kind.ROOT && duration.compareTo(ROOT_MAX) > 0) {
      duration = ROOT_MAX;
    }
    Caller session =
        new Caller(Caller.Kind.SESSION, caller.arn(), caller.userId(), caller.userName());
    StsActions.credentials(w, account.credentials.issueSession(session, duration));
  }
}
