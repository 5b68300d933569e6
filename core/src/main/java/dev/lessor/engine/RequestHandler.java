package dev.lessor.engine;

import dev.lessor.Response;

/** Handles one operation on one path pattern of an engine. */
@FunctionalInterface
public interface RequestHandler {
  /**
   * Handles {@code request}. Throws a {@link dev.lessor.LessorException} subtype for a failure the
   * caller can act on; any other exception reaches the caller as it is.
   */
  Response handle(Request request);
}
