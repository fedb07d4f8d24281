/**
 * The demo ({@code vmreplay demo}): a small fleet of guests, every preset swept over them, the
 * comparison report written and a short summary printed. {@link dev.vmreplay.analysis.demo.DemoFleet}
 * is where the fleet comes from: {@link dev.vmreplay.analysis.demo.GeneratedDemoFleet} until the
 * bundled dataset catalogue of module {@code datasets} is wired in.
 */
package dev.vmreplay.analysis.demo;
