package dev.lessor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.AbstractThrowableAssert;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

/** The {@link InvalidPropertyException} that failed a context's start, wherever in the causes. */
final class StartupFailure {
  private StartupFailure() {}

  static AbstractThrowableAssert<?, ? extends Throwable> of(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
      if (t instanceof InvalidPropertyException) {
        return assertThat(t);
      }
    }
    throw new AssertionError("no InvalidPropertyException in", context.getStartupFailure());
  }
}
