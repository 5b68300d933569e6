/**
 * An application on the module path, as a user would write it: it names Lessor's modules and
 * nothing else (the SQLite driver comes in as a java.sql.Driver service, the AWS SDK through
 * dev.lessor.aws). Compiled and run by ModularAppTest.
 */
module dev.lessor.modularapp {
  requires dev.lessor.aws;
  requires dev.lessor.jdbc;
  requires dev.lessor.micrometer;
  requires dev.lessor.testing;

  exports dev.lessor.modularapp;
}
