package dev.lessor.spring;

import dev.lessor.jdbc.EncryptionKey;
import dev.lessor.jdbc.JdbcStores;
import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.store.InMemoryStorage;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Opens the store {@code lessor.store} names: {@code memory} (the default), {@code jdbc} on the
 * application's DataSource, or {@code embedded} SQLite in a directory.
 *
 * <p>For {@code jdbc} the database is found from the connection: PostgreSQL is what lessor-jdbc
 * opens on a host's DataSource. An H2 or SQLite DataSource is refused with a message that points to
 * {@code embedded}: lessor-jdbc keeps its SQLite database in a file of its own, and H2 can lose
 * writes it acknowledged when the process is killed.
 */
final class StoreFactory {
  static final String PROPERTY = "lessor.store";

  private StoreFactory() {}

  static LessorStores open(
      String type, LessorStoreProperties properties, ObjectProvider<DataSource> dataSources) {
    String kind = type == null ? "memory" : type.trim().toLowerCase(Locale.ROOT);
    switch (kind) {
      case "memory":
        return new LessorStores(new InMemoryLeaseStore(), new InMemoryStorage(), () -> {});
      case "jdbc":
        return held(postgres(properties, dataSources));
      case "embedded":
        return held(embedded(properties));
      default:
        throw new InvalidPropertyException(
            PROPERTY, "must be memory, jdbc or embedded, was '" + type + "'");
    }
  }

  private static LessorStores held(JdbcStores stores) {
    return new LessorStores(stores.leaseStore(), stores.storage(), stores);
  }

  private static JdbcStores postgres(
      LessorStoreProperties properties, ObjectProvider<DataSource> dataSources) {
    DataSource dataSource = dataSources.getIfUnique();
    if (dataSource == null) {
      throw new InvalidPropertyException(
          PROPERTY, "is jdbc, but the application has no single DataSource bean to use");
    }
    String database = databaseName(dataSource);
    if (!database.equals("PostgreSQL")) {
      throw new InvalidPropertyException(
          PROPERTY,
          "is jdbc, which runs on PostgreSQL, but the DataSource is "
              + database
              + "; for a store of this process alone use lessor.store=embedded with"
              + " lessor.store.directory");
    }
    EncryptionKey key = StoreKey.resolve(properties, "jdbc");
    JdbcStores.Builder builder = JdbcStores.builder().postgres(dataSource);
    return (key == null ? builder : builder.encryptionKey(key)).build();
  }

  private static JdbcStores embedded(LessorStoreProperties properties) {
    if (properties.getDirectory() == null) {
      throw new InvalidPropertyException(
          "lessor.store.directory", "is required for lessor.store=embedded");
    }
    EncryptionKey key = StoreKey.resolve(properties, "embedded");
    return key == null
        ? JdbcStores.embedded(properties.getDirectory())
        : JdbcStores.embedded(properties.getDirectory(), key);
  }

  private static String databaseName(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return connection.getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      throw new InvalidPropertyException(
          PROPERTY, "is jdbc, but the DataSource gave no connection: " + e.getMessage(), e);
    }
  }
}
