package dev.lessor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriterStatementsTest {
  private static final String INSERT = "INSERT INTO t (i) VALUES (?)";

  @TempDir Path dir;

  private Connection connection;
  private WriterStatements statements;

  @BeforeEach
  void open() throws SQLException {
    connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE t (i INTEGER PRIMARY KEY)");
    }
    statements = new WriterStatements(connection);
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  /** Inserts {@code i}; returns the driver's statement that ran it. */
  private PreparedStatement insert(int i) throws SQLException {
    try (PreparedStatement ps = statements.prepare(INSERT)) {
      ps.setInt(1, i);
      ps.executeUpdate();
      return ps.unwrap(PreparedStatement.class);
    }
  }

  @Test
  void prepare_sameInsertAgain_reusesTheCompiledStatement() throws SQLException {
    PreparedStatement first = insert(1);
    PreparedStatement second = insert(2);

    assertThat(second).isSameAs(first);
    assertThat(rows()).isEqualTo(2);
  }

  @Test
  void prepare_afterACallFailed_compilesANewStatementThatWorks() throws SQLException {
    PreparedStatement first = insert(1);
    PreparedStatement failing = statements.prepare(INSERT);
    failing.setInt(1, 1);
    assertThatThrownBy(failing::executeUpdate).isInstanceOf(SQLException.class);
    failing.close();

    PreparedStatement next = insert(2);

    assertThat(next).isNotSameAs(first);
    assertThat(first.isClosed()).as("the failed statement").isTrue();
    assertThat(rows()).isEqualTo(2);
  }

  @Test
  void prepare_select_isNotKept() throws SQLException {
    PreparedStatement first = statements.prepare("SELECT i FROM t");
    first.close();
    PreparedStatement second = statements.prepare("SELECT i FROM t");

    assertThat(first.isClosed()).isTrue();
    assertThat(second).isNotSameAs(first);
    second.close();
  }

  @Test
  void close_thenUse_failsAsAClosedStatement() throws SQLException {
    PreparedStatement ps = statements.prepare(INSERT);
    ps.close();

    assertThatThrownBy(() -> ps.setInt(1, 2))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("closed");
    assertThat(ps.isClosed()).isTrue();
  }

  private int rows() throws SQLException {
    try (Statement s = connection.createStatement();
        var rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
