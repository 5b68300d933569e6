package dev.lessor.spring;

import dev.lessor.Lessor;
import java.util.Locale;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;

/**
 * The {@code lessor} health indicator, when Spring Boot's health support is present (the Actuator
 * brings it). Turned off with {@code management.health.lessor.enabled=false}.
 */
@AutoConfiguration(after = LessorAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Lessor.class)
public class LessorHealthAutoConfiguration {

  // on the method, not the class: its condition class is read only once spring-boot-health is known
  // to be present
  @Bean
  @ConditionalOnEnabledHealthIndicator("lessor")
  @ConditionalOnMissingBean(name = "lessorHealthIndicator")
  LessorHealthIndicator lessorHealthIndicator(Lessor lessor, LessorProperties properties) {
    LessorProperties.Health health = properties.getHealth();
    String status = health.getIrrevocableStatus();
    if (status == null || status.isBlank()) {
      throw new InvalidPropertyException("lessor.health.irrevocable-status", "must not be blank");
    }
    if (health.getMaxAge() == null || health.getMaxAge().isNegative()) {
      throw new InvalidPropertyException("lessor.health.max-age", "must not be negative");
    }
    return new LessorHealthIndicator(
        lessor, new Status(status.trim().toUpperCase(Locale.ROOT)), health.getMaxAge());
  }
}
