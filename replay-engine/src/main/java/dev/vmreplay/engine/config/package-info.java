/**
 * The configuration registry: {@link dev.vmreplay.engine.config.ConfigRegistry} declares every key once
 * ({@link dev.vmreplay.engine.config.ConfigKey}: unit, default, range, source) with the spec component
 * it fills ({@link dev.vmreplay.engine.config.SpecType}); values are read and printed with
 * {@link dev.vmreplay.units.Quantity} from trace-formats ({@code 10Gbit/s}, {@code 300ms}, {@code 2MiB}),
 * and choice keys take their values from enums implementing
 * {@link dev.vmreplay.engine.config.ConfigChoice}. The typed view built from these declarations,
 * {@link dev.vmreplay.engine.MigrationConfig}, and the {@link dev.vmreplay.engine.Presets} live in the
 * engine's root package.
 */
package dev.vmreplay.engine.config;
