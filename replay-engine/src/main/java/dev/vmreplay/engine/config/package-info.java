/**
 * The configuration registry: every key with its unit, default, range and source, and the unit
 * parser/printer ({@code 10Gbit/s}, {@code 300ms}, {@code 2MiB}).
 */
package dev.vmreplay.engine.config;
