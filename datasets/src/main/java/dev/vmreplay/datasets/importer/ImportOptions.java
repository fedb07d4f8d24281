package dev.vmreplay.datasets.importer;

import java.nio.file.Path;
import java.util.List;

/**
 * Options of {@code vmreplay import}; each importer reads the ones that apply to it.
 *
 * @param memoryBytes guest memory for memory formats; 0 = the distinct pages of the input, rounded
 *     up to 2 MiB
 * @param vcpus vCPUs of the manifest, >= 1 (memory formats record everything on vCPU 0)
 * @param instructionsPerSecond lackey: the clock that turns program order into time, > 0
 * @param latencyLogs fio-iolog: fio latency logs ({@code --write_lat_log}, {@code log_offset=1}), one
 *     per iolog input in the same order, or none
 * @param queueDepth IO formats: manifest {@code io_queue_depth}; 0 = the most requests seen in flight
 *     on one queue when service times are known, else 32
 * @param pageMapping memory formats: how sparse pages are packed onto guest memory
 * @param untilNanos keep only rows before this trace time (after rebasing), 0 = all; every line is
 *     still read and validated, and the rows left out are counted in the provenance
 */
public record ImportOptions(long memoryBytes, int vcpus, double instructionsPerSecond, List<Path> latencyLogs,
                            int queueDepth, PageMapping pageMapping, long untilNanos) {
    public static final double DEFAULT_INSTRUCTIONS_PER_SECOND = 1e9;
    public static final int DEFAULT_QUEUE_DEPTH = 32;

    public ImportOptions {
        if (memoryBytes < 0 || memoryBytes % 4096 != 0) {
            throw new IllegalArgumentException("--memory must be a multiple of 4KiB, was " + memoryBytes + " bytes");
        }
        if (vcpus < 1) {
            throw new IllegalArgumentException("--vcpus must be >= 1, was " + vcpus);
        }
        if (!(instructionsPerSecond > 0) || Double.isInfinite(instructionsPerSecond)) {
            throw new IllegalArgumentException("--instructions-per-second must be > 0, was " + instructionsPerSecond);
        }
        if (queueDepth < 0) {
            throw new IllegalArgumentException("--queue-depth must be >= 0, was " + queueDepth);
        }
        latencyLogs = List.copyOf(latencyLogs);
        java.util.Objects.requireNonNull(pageMapping, "pageMapping");
        if (untilNanos < 0) {
            throw new IllegalArgumentException("--until must be >= 0, was " + untilNanos + " ns");
        }
    }

    public static ImportOptions defaults() {
        return new ImportOptions(0, 1, DEFAULT_INSTRUCTIONS_PER_SECOND, List.of(), 0, PageMapping.PAGE, 0);
    }

    public ImportOptions withMemoryBytes(long bytes) {
        return new ImportOptions(bytes, vcpus, instructionsPerSecond, latencyLogs, queueDepth, pageMapping, untilNanos);
    }

    public ImportOptions withInstructionsPerSecond(double rate) {
        return new ImportOptions(memoryBytes, vcpus, rate, latencyLogs, queueDepth, pageMapping, untilNanos);
    }

    public ImportOptions withLatencyLogs(List<Path> logs) {
        return new ImportOptions(memoryBytes, vcpus, instructionsPerSecond, logs, queueDepth, pageMapping, untilNanos);
    }

    public ImportOptions withQueueDepth(int depth) {
        return new ImportOptions(memoryBytes, vcpus, instructionsPerSecond, latencyLogs, depth, pageMapping, untilNanos);
    }

    public ImportOptions withVcpus(int count) {
        return new ImportOptions(memoryBytes, count, instructionsPerSecond, latencyLogs, queueDepth, pageMapping, untilNanos);
    }

    public ImportOptions withPageMapping(PageMapping mapping) {
        return new ImportOptions(memoryBytes, vcpus, instructionsPerSecond, latencyLogs, queueDepth, mapping, untilNanos);
    }

    public ImportOptions withUntilNanos(long nanos) {
        return new ImportOptions(memoryBytes, vcpus, instructionsPerSecond, latencyLogs, queueDepth, pageMapping, nanos);
    }

    /** True when a row at rebased time {@code t} is kept. */
    boolean keeps(long t) {
        return untilNanos == 0 || t < untilNanos;
    }
}
