package dev.vmreplay.datasets.generate;

import dev.vmreplay.datasets.output.TraceOutputs;
import dev.vmreplay.datasets.param.Params;
import dev.vmreplay.trace.IoTraceWriter;
import dev.vmreplay.trace.MemoryTraceWriter;
import dev.vmreplay.trace.VmManifest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs a workload into trace files, stamping the manifest with its provenance. */
public final class Generator {
    private Generator() {
    }

    /** What a run wrote. */
    public record Result(VmManifest manifest, long memoryRows, long ioRows) {
    }

    /**
     * Generates {@code workload} for {@code guest}.
     *
     * @param givenParams the user's {@code key=value} parameters (unknown keys are an error)
     * @param memoryOut memory trace file
     * @param ioOut IO trace file; required when the workload writes IO, ignored otherwise
     */
    public static Result generate(Workload workload, GuestSpec guest, Map<String, String> givenParams,
                                  TraceOutputs outputs, Path memoryOut, Path ioOut) {
        Params params = new Params("workload " + workload.name(), workload.params(), givenParams);
        VmManifest bare = workload.manifest(guest, params);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("source", "generated");
        provenance.put("generator", workload.name());
        provenance.put("seed", guest.seed());
        provenance.put("duration_ns", guest.durationNanos());
        provenance.put("parameters", params.effective());
        provenance.put("tool", "vmreplay generate");
        VmManifest manifest = new VmManifest(bare.memoryBytes(), bare.vcpus(), bare.largePages(), bare.zeroRanges(),
                bare.ioQueues(), bare.ioQueueDepth(), provenance, false);
        if (workload.writesIo() && ioOut == null) {
            throw new IllegalArgumentException("workload " + workload.name() + " writes an IO trace: give --io-out");
        }
        long memoryRows;
        try (MemoryTraceWriter writer = outputs.memory(memoryOut, manifest)) {
            memoryRows = workload.writeMemory(guest, params, writer);
            writer.commit();
        }
        long ioRows = 0;
        if (workload.writesIo()) {
            try (IoTraceWriter writer = outputs.io(ioOut, manifest)) {
                ioRows = workload.writeIo(guest, params, writer);
                writer.commit();
            }
        }
        return new Result(manifest, memoryRows, ioRows);
    }
}
