/**
 * Synthetic guests: workload generators that stream a memory trace (and, for {@code database}, an IO
 * trace) for a given guest size, vCPU count, duration and seed. Each vCPU (and each IO queue) is an
 * independent stream with its own {@link java.util.SplittableRandom} split from the seed; the streams
 * are merged in time order, so output is byte-identical for a seed and memory use does not depend on
 * the trace length.
 */
package dev.vmreplay.datasets.generate;
