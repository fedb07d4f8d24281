/**
 * What users do with the engine day to day (DESIGN.md section 5): results tables
 * ({@code results}), batch sweeps over traces x presets x parameter axes ({@code sweep}),
 * comparison reports ({@code report}), capacity planning ({@code plan}) and the demo
 * ({@code demo}). Unit-carrying values are parsed and printed by {@link dev.vmreplay.units}.
 */
package dev.vmreplay.analysis;
