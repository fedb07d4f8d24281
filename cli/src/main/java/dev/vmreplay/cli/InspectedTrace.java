package dev.vmreplay.cli;

import dev.vmreplay.analysis.inspect.IoTraceStats;
import dev.vmreplay.analysis.inspect.MemoryTraceStats;
import dev.vmreplay.trace.StorageFormat;
import dev.vmreplay.trace.TraceKind;
import dev.vmreplay.trace.VmManifest;
import java.util.Locale;

/**
 * One inspected file: where its manifest came from and its statistics (exactly one of
 * {@code memory} and {@code io} is set, by {@code kind}).
 */
record InspectedTrace(String file, TraceKind kind, StorageFormat storage, ManifestSource manifestSource,
                      MemoryTraceStats memory, IoTraceStats io) {

    /** Where the manifest shown came from. */
    enum ManifestSource {
        /** Stored in the trace file's key/value metadata. */
        EMBEDDED,
        /** Read from {@code <trace>.vm.json}, which wins over the embedded one. */
        SIDECAR,
        /** None stored; memory size taken from {@code --memory}. */
        ASSUMED_FROM_OPTION,
        /** None stored; memory size taken from the highest address in the trace. */
        ASSUMED_FROM_DATA;

        boolean assumed() {
            return this == ASSUMED_FROM_OPTION || this == ASSUMED_FROM_DATA;
        }

        /** JSON {@code manifest.source}. */
        String jsonName() {
            return assumed() ? "none" : name().toLowerCase(Locale.ROOT);
        }

        /** JSON {@code manifest.memory_from}. */
        String memoryFrom() {
            switch (this) {
                case ASSUMED_FROM_OPTION:
                    return "--memory";
                case ASSUMED_FROM_DATA:
                    return "highest address";
                default:
                    return "manifest";
            }
        }
    }

    InspectedTrace {
        if ((kind == TraceKind.MEMORY) != (memory != null) || (kind == TraceKind.IO) != (io != null)) {
            throw new IllegalArgumentException("stats must match kind " + kind);
        }
    }

    VmManifest manifest() {
        return memory != null ? memory.manifest() : io.manifest();
    }

    String kindName() {
        return kind == TraceKind.MEMORY ? "memory" : "io";
    }

    String storageName() {
        return storage == StorageFormat.PARQUET ? "parquet" : "arrow_ipc";
    }
}
