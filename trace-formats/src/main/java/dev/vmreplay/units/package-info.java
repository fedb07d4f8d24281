/**
 * Quantities with units, as people type and read them: the one parser and the one set of formatters
 * every module uses for sizes ({@code 2MiB}, {@code 8GB}), durations ({@code 300ms}, {@code 1.5us}),
 * data rates ({@code 10Gbit/s}, {@code 1GiB/s}), event rates ({@code 50k/s}), counts ({@code 1.5M})
 * and fractions ({@code 0.3}, {@code 30%}).
 *
 * <p>{@link Quantity} parses exactly (decimal arithmetic, no floating-point rounding) and prints the
 * canonical, round-trippable form used in configuration; {@link Human} prints rounded forms for
 * tables and reports. The accepted spellings are those of the README section "Configuration units".
 */
package dev.vmreplay.units;
