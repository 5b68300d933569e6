package dev.lessor.spring;

import dev.lessor.Lessor;
import dev.lessor.LessorBuilder;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of one {@link Lessor} from the {@code lessor.*} properties: its store ({@link
 * LessorStores}), its lease settings, its mounts, and the credentials providers of {@code
 * lessor.aws.credentials}. Runs after the DataSource auto-configuration, whose DataSource {@code
 * lessor.store=jdbc} uses.
 *
 * <p>The Lessor is closed on shutdown after every bean that uses it (Spring destroys dependents
 * first), and the store after the Lessor.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties({LessorProperties.class, LessorStoreProperties.class})
@Import(CredentialsRegistrar.class)
public class LessorAutoConfiguration {

  /** The stores {@code lessor.store} names; in memory by default. */
  @Bean
  @ConditionalOnMissingBean
  LessorStores lessorStores(
      Environment environment,
      LessorStoreProperties properties,
      ObjectProvider<DataSource> dataSources) {
    return StoreFactory.open(
        environment.getProperty(StoreFactory.PROPERTY), properties, dataSources);
  }

  /** The Lessor, with its mounts written; a mount the engine refuses fails the start. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  Lessor lessor(
      LessorProperties properties,
      LessorStores stores,
      ObjectProvider<LessorBuilderCustomizer> customizers) {
    LessorBuilder builder =
        BuilderSettings.apply(properties, Lessor.builder())
            .leaseStore(stores.leaseStore())
            .storage(stores.storage());
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    Lessor lessor = BuilderSettings.build(builder);
    try {
      MountInstaller.install(lessor, properties.getMounts());
    } catch (RuntimeException e) {
      lessor.close();
      throw e;
    }
    return lessor;
  }
}
