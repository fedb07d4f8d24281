/**
 * The configuration registry: every key with its unit, default, range, source and the spec component
 * it fills ({@link dev.vmreplay.engine.config.SpecType}), read and printed with the shared units
 * ({@code 10Gbit/s}, {@code 300ms}, {@code 2MiB}); choice keys take their values from enums
 * implementing {@link dev.vmreplay.engine.config.ConfigChoice}.
 */
package dev.vmreplay.engine.config;
