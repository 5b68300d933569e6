package dev.lessor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.UpstreamException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {
  @Test
  void translate_connectionFailure_retryableAndKeepsConnectionDetail() {
    SQLException e = new SQLException("Connection to 127.0.0.1:5999 refused", "08001");

    UpstreamException out = SqlErrors.translate("PostgreSQL store", "insert lease a/1", e);

    assertThat(out.retryable()).isTrue();
    assertThat(out.errorCode()).isEqualTo("08001");
    assertThat(out)
        .hasMessage(
            "PostgreSQL store: insert lease a/1 failed (SQLState 08001, may succeed if retried)");
    assertThat(out.getCause()).hasMessage("Connection to 127.0.0.1:5999 refused");
  }

  @Test
  void translate_errorQuotingAValue_withholdsTheMessage() {
    SQLException e =
        new SQLException(
            "Value too long for column V: X'77 4a 61 6c' secret-ish (1000001)", "22001", 22001);

    UpstreamException out = SqlErrors.translate("H2 store at /x", "put storage key k", e);

    assertThat(out.retryable()).isFalse();
    assertThat(out).hasMessage("H2 store at /x: put storage key k failed (SQLState 22001)");
    assertThat(out.getCause().getMessage())
        .doesNotContain("secret-ish")
        .contains("vendor code 22001")
        .contains("message withheld");
    assertThat(((SQLException) out.getCause()).getSQLState()).isEqualTo("22001");
  }

  @Test
  void translate_deadlockAndTransientErrors_retryable() {
    assertThat(SqlErrors.translate("s", "op", new SQLException("x", "40P01")).retryable()).isTrue();
    assertThat(SqlErrors.translate("s", "op", new SQLException("x", "40001")).retryable()).isTrue();
    assertThat(SqlErrors.translate("s", "op", new SQLTransientConnectionException("x")).retryable())
        .isTrue();
    assertThat(SqlErrors.translate("s", "op", new SQLException("x", "42P01")).retryable())
        .isFalse();
  }

  @Test
  void translate_fileInUse_saysSo() {
    UpstreamException out =
        SqlErrors.translate("H2 store at /x", "prepare schema", new SQLException("x", "90020"));

    assertThat(out)
        .hasMessage(
            "H2 store at /x: prepare schema failed (SQLState 90020): the H2 file is open in"
                + " another process; share a store between processes with PostgreSQL");
  }
}
