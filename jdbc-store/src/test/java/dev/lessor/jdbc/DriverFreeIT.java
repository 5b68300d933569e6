package dev.lessor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.UpstreamException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The JDBC drivers are optional dependencies of lessor-jdbc: a PostgreSQL user may have neither
 * sqlite-jdbc nor H2. This runs in a failsafe execution of its own whose class path leaves out all
 * three drivers (see pom.xml), and checks that the store's shared error handling never reaches for
 * a driver class that is not there.
 */
class DriverFreeIT {
  @Test
  void classPath_withoutDrivers_hasNoneOfThem() {
    assertThatThrownBy(() -> Class.forName("org.sqlite.SQLiteException"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("org.h2.Driver"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("org.postgresql.Driver"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void sqlErrors_withoutSqliteDriver_classifyByStandardSqlState() {
    assertThat(SqlErrors.isUniqueViolation(new SQLException("dup", "23505"))).isTrue();
    assertThat(SqlErrors.isUniqueViolation(new SQLException("x", "22001"))).isFalse();

    UpstreamException out =
        SqlErrors.translate("PostgreSQL store", "insert lease a/1", new SQLException("x", "40001"));

    assertThat(out.retryable()).isTrue();
    assertThat(out)
        .hasMessage(
            "PostgreSQL store: insert lease a/1 failed (SQLState 40001, may succeed if retried)");
  }
}
