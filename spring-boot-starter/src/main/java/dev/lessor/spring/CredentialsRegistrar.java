package dev.lessor.spring;

import dev.lessor.Lessor;
import dev.lessor.LessorException;
import dev.lessor.aws.LessorCredentialsProvider;
import dev.lessor.aws.LessorCredentialsProviderBuilder;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers a {@link LessorCredentialsProvider} bean for each {@code
 * lessor.aws.credentials.<bean-name>.*} entry. The settings are checked here, before any bean is
 * created, with the provider builder's own messages; at most one may be {@code primary}.
 *
 * <p>Each provider depends on the Lessor bean, so it is closed before the Lessor; closing revokes
 * its leases at once ({@link LessorCredentialsProvider#closeNow()}), since the application is going
 * away and nothing is signing with them any more.
 */
final class CredentialsRegistrar
    implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {
  static final String PREFIX = "lessor.aws.credentials";

  private Environment environment;
  private ConfigurableListableBeanFactory beanFactory;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
  }

  @Override
  public void registerBeanDefinitions(
      AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    Map<String, CredentialsProperties> entries =
        Binder.get(environment)
            .bind(PREFIX, Bindable.mapOf(String.class, CredentialsProperties.class))
            .orElse(Map.of());
    List<String> primaries =
        entries.entrySet().stream()
            .filter(e -> e.getValue().isPrimary())
            .map(Map.Entry::getKey)
            .toList();
    if (primaries.size() > 1) {
      throw new InvalidPropertyException(
          PREFIX, "at most one provider may be primary, but " + primaries + " are");
    }
    entries.forEach(
        (name, properties) -> {
          configure(LessorCredentialsProvider.builder(), name, properties); // checks, at once
          RootBeanDefinition definition =
              new RootBeanDefinition(
                  LessorCredentialsProvider.class, () -> create(name, properties));
          definition.setPrimary(properties.isPrimary());
          definition.setDestroyMethodName("closeNow");
          registry.registerBeanDefinition(name, definition);
        });
  }

  private LessorCredentialsProvider create(String name, CredentialsProperties properties) {
    String[] lessors = beanFactory.getBeanNamesForType(Lessor.class);
    if (lessors.length != 1) {
      throw new IllegalStateException(
          PREFIX + "." + name + " needs exactly one Lessor bean, found " + lessors.length);
    }
    // Spring records a getBean made while it creates a bean from its supplier as a dependency,
    // so it destroys the provider before the Lessor.
    Lessor lessor = beanFactory.getBean(lessors[0], Lessor.class);
    LessorCredentialsProviderBuilder builder =
        configure(LessorCredentialsProvider.builder().lessor(lessor), name, properties);
    beanFactory
        .getBeanProvider(LessorCredentialsCustomizer.class)
        .orderedStream()
        .forEach(customizer -> customizer.customize(name, builder));
    return builder.build();
  }

  private static LessorCredentialsProviderBuilder configure(
      LessorCredentialsProviderBuilder builder, String name, CredentialsProperties p) {
    String prefix = PREFIX + "." + name;
    try {
      if (p.getPath() == null) {
        throw new InvalidPropertyException(prefix + ".path", "is required, such as aws/creds/app");
      }
      builder.path(p.getPath());
      if (p.getTtl() != null) {
        builder.ttl(p.getTtl());
      }
      if (p.getRoleArn() != null) {
        builder.roleArn(p.getRoleArn());
      }
      if (p.getRoleSessionName() != null) {
        builder.roleSessionName(p.getRoleSessionName());
      }
      if (p.getDisplayName() != null) {
        builder.displayName(p.getDisplayName());
      }
      if (p.getOverlap() != null) {
        builder.overlap(p.getOverlap());
      }
      if (p.getMaxCallerWait() != null) {
        builder.maxCallerWait(p.getMaxCallerWait());
      }
      return builder;
    } catch (LessorException e) {
      throw new InvalidPropertyException(prefix, e.getMessage(), e);
    }
  }
}
