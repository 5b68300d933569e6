package dev.lessor.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start that Lessor refused into Spring Boot's short "APPLICATION FAILED TO START" report:
 * the property, the library's reason, and what to do, instead of a stack trace.
 */
final class InvalidPropertyFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidPropertyException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidPropertyException cause) {
    return new FailureAnalysis(
        "Lessor refused its configuration: " + cause.getMessage(),
        "Correct " + cause.property() + " (see the lessor.* properties in Lessor's README).",
        cause);
  }
}
