package dev.lessor.spring;

import dev.lessor.Lessor;
import dev.lessor.micrometer.LessorMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Lessor's Micrometer meters ({@link LessorMetrics}), when Micrometer and lessor-micrometer are
 * present. It is a {@link MeterBinder} bean, which Spring Boot's metrics support binds to every
 * meter registry it configures.
 */
@AutoConfiguration(after = LessorAutoConfiguration.class)
@ConditionalOnClass({MeterBinder.class, LessorMetrics.class})
@ConditionalOnBean(Lessor.class)
public class LessorMetricsAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  LessorMetrics lessorMetrics(Lessor lessor) {
    return LessorMetrics.of(lessor);
  }
}
