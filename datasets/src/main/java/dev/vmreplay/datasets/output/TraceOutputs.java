package dev.vmreplay.datasets.output;

import dev.vmreplay.trace.IoTraceWriter;
import dev.vmreplay.trace.MemoryTraceWriter;
import dev.vmreplay.trace.Traces;
import dev.vmreplay.trace.VmManifest;
import java.nio.file.Path;

/**
 * Opens the writers that generators and importers stream into. Production code writes files
 * through {@link Traces}; tests collect rows in memory. Either way the manifest is fixed before
 * the first row, which is why importers read their input twice.
 */
public interface TraceOutputs {
    MemoryTraceWriter memory(Path file, VmManifest manifest);

    IoTraceWriter io(Path file, VmManifest manifest);

    /** Trace files in the format chosen by the extension ({@code .parquet} or {@code .arrow}). */
    static TraceOutputs files() {
        return new TraceOutputs() {
            @Override
            public MemoryTraceWriter memory(Path file, VmManifest manifest) {
                return Traces.createMemory(file, manifest);
            }

            @Override
            public IoTraceWriter io(Path file, VmManifest manifest) {
                return Traces.createIo(file, manifest);
            }
        };
    }
}
