/**
 * The discrete-event replay of a guest migrated while it runs (DESIGN.md section 3): the event
 * loop, configuration and presets, and the run results. Technique families live in subpackages
 * ({@code source}, {@code destination}, {@code link}, {@code sriov}, {@code technique}).
 */
package dev.vmreplay.engine;
