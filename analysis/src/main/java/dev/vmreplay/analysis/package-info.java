/**
 * What users do with the engine day to day (DESIGN.md section 5): results tables
 * ({@code results}), batch sweeps over traces x presets x parameter axes ({@code sweep}),
 * comparison reports ({@code report}), capacity planning ({@code plan}) and the demo
 * ({@code demo}). {@link dev.vmreplay.analysis.Quantities} parses and prints the unit-carrying
 * values these commands take.
 */
package dev.vmreplay.analysis;
