package dev.lessor.spring;

import dev.lessor.aws.LessorCredentialsProviderBuilder;

/**
 * Adjusts the builder of each credentials provider registered from {@code
 * lessor.aws.credentials.<bean-name>.*}, after its properties are applied: a listener, a scheduler,
 * an executor. Beans of this type are applied in their {@link org.springframework.core.Ordered
 * order}, on the thread that creates each provider bean.
 */
@FunctionalInterface
public interface LessorCredentialsCustomizer {
  /**
   * Changes {@code builder}, which holds the properties' settings already.
   *
   * @param beanName the provider's bean name, the key under {@code lessor.aws.credentials}
   */
  void customize(String beanName, LessorCredentialsProviderBuilder builder);
}
