/**
 * Micrometer metrics for a Lessor: {@link dev.lessor.micrometer.LessorMetrics}, a {@code
 * MeterBinder}.
 */
// "requires-transitive-automatic": micrometer-core has no module descriptor (only an
// Automatic-Module-Name); LessorMetrics is a MeterBinder, so its users must read micrometer.core.
@SuppressWarnings("requires-transitive-automatic")
module dev.lessor.micrometer {
  requires transitive dev.lessor.core;
  requires transitive micrometer.core;
  requires org.slf4j;

  exports dev.lessor.micrometer;
}
