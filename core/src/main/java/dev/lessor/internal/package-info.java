/**
 * Helpers shared by Lessor's own modules (duration parsing, rate limiting). Not an API: they may
 * change in any release, and the module exports this package only to Lessor's modules.
 */
package dev.lessor.internal;
