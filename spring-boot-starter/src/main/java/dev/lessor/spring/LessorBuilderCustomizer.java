package dev.lessor.spring;

import dev.lessor.LessorBuilder;

/**
 * Adjusts the {@link LessorBuilder} of the auto-configured Lessor after the {@code lessor.*}
 * properties are applied, for what properties cannot say: a clock, a scheduler, the host's
 * executor. Beans of this type are applied in their {@link org.springframework.core.Ordered order},
 * once, on the thread that creates the Lessor bean.
 */
@FunctionalInterface
public interface LessorBuilderCustomizer {
  /** Changes {@code builder}, which holds the properties' settings already. */
  void customize(LessorBuilder builder);
}
