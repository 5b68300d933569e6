/**
 * Lessor's core: the public API ({@code dev.lessor}), the engine SPI ({@code dev.lessor.engine})
 * and the store SPI with the in-memory stores ({@code dev.lessor.store}).
 *
 * <p>{@code dev.lessor.internal} holds helpers that Lessor's own modules share (duration parsing,
 * rate limiting); it is exported to those modules only, so no application or third-party engine
 * comes to depend on it.
 */
// "module": the qualified export names Lessor modules that are not observable when this one is
// compiled on its own, which javac reports as "module not found".
@SuppressWarnings("module")
module dev.lessor.core {
  requires org.slf4j;

  exports dev.lessor;
  exports dev.lessor.engine;
  exports dev.lessor.store;
  exports dev.lessor.internal to
      dev.lessor.aws;
}
