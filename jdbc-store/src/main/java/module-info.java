/**
 * Durable lease and configuration stores on JDBC: {@link dev.lessor.jdbc.JdbcStores} (the embedded
 * SQLite store, PostgreSQL, and the deprecated H2 store).
 *
 * <p>The drivers are optional ({@code requires static}): an application puts the one it uses on its
 * module path. {@code java.sql} binds it as a {@code java.sql.Driver} service, and this module then
 * reads it; the classes of a driver are touched only by a store on that driver.
 */
// "requires-automatic": the H2 jar has no module descriptor (only an Automatic-Module-Name).
@SuppressWarnings("requires-automatic")
module dev.lessor.jdbc {
  requires transitive dev.lessor.core;
  requires transitive java.sql;
  requires org.slf4j;
  requires static org.xerial.sqlitejdbc;
  requires static com.h2database;

  exports dev.lessor.jdbc;
}
