package dev.lessor.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import javax.sql.DataSource;

/** A DataSource that can be switched off, to act out a lost database connection. */
final class FlakyDataSource {
  private volatile boolean down;
  private final DataSource dataSource;

  FlakyDataSource(DataSource delegate) {
    this.dataSource =
        (DataSource)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  if (down && method.getName().equals("getConnection")) {
                    throw new SQLException("Connection to 127.0.0.1 refused (simulated)", "08001");
                  }
                  try {
                    return method.invoke(delegate, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
  }

  DataSource dataSource() {
    return dataSource;
  }

  void down(boolean down) {
    this.down = down;
  }
}
