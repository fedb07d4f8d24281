package dev.vmreplay.trace;

import java.nio.file.Path;

/**
 * Entry point for opening and creating trace files. The storage format is detected from the
 * file's magic bytes when reading ({@code PAR1} or {@code ARROW1}) and chosen from the extension
 * when writing ({@code .arrow}/{@code .arrows}/{@code .feather} = Arrow IPC, anything else Parquet).
 */
public final class Traces {
    private Traces() {
    }

    /** Opens a memory access trace, validating schema and manifest up front and rows as they stream. */
    public static MemoryTraceReader openMemory(Path file, ReadOptions options) {
        throw new UnsupportedOperationException("trace-formats: openMemory not implemented yet");
    }

    /** Opens an IO trace. */
    public static IoTraceReader openIo(Path file, ReadOptions options) {
        throw new UnsupportedOperationException("trace-formats: openIo not implemented yet");
    }

    /** Reads only the schema to tell a memory trace from an IO trace. */
    public static TraceKind detectKind(Path file) {
        throw new UnsupportedOperationException("trace-formats: detectKind not implemented yet");
    }

    /** Storage format from magic bytes. */
    public static StorageFormat detectFormat(Path file) {
        throw new UnsupportedOperationException("trace-formats: detectFormat not implemented yet");
    }

    /** Creates a memory trace writer (temporary file renamed on commit). */
    public static MemoryTraceWriter createMemory(Path file, VmManifest manifest) {
        throw new UnsupportedOperationException("trace-formats: createMemory not implemented yet");
    }

    /** Creates an IO trace writer (temporary file renamed on commit). */
    public static IoTraceWriter createIo(Path file, VmManifest manifest) {
        throw new UnsupportedOperationException("trace-formats: createIo not implemented yet");
    }
}
