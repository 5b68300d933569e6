package dev.lessor.testing;

/**
 * One IAM or STS action: reads its parameters, changes the account, and writes the elements of its
 * result (nothing for actions without one). Called by {@link QueryServer} while holding the account
 * lock, on an HTTP worker thread; signals an AWS error by throwing {@link QueryError}.
 */
@FunctionalInterface
interface QueryAction {
  void handle(QueryRequest request, Caller caller, XmlWriter result);
}
