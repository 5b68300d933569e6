package dev.lessor.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Statements run on a connection that the caller manages (transaction, commit, close). */
@FunctionalInterface
interface SqlWork<T> {
  T run(Connection c) throws SQLException;
}
