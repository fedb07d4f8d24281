package dev.vmreplay.cli;

import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceWriter;
import dev.vmreplay.trace.Traces;
import dev.vmreplay.trace.VmManifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A small memory trace whose content no earlier run can have put in the trace cache. */
final class UncachedTrace {
    private UncachedTrace() {
    }

    /** Writes it to {@code file}: 5,000 writes on a 16 MiB, 2-vCPU guest, their pages shifted by a random salt. */
    static Path write(Path file) {
        long salt = UUID.randomUUID().getLeastSignificantBits() & 0xffff;
        MemoryBatch b = new MemoryBatch(5_000);
        for (int i = 0; i < 5_000; i++) {
            b.add(i * 200_000L, i % 2, ((i * 7919L + salt) % 4096) * 4096, 64, MemoryBatch.OP_WRITE);
        }
        try (MemoryTraceWriter w = Traces.createMemory(file,
                new VmManifest(16L << 20, 2, List.of(), List.of(), 0, 0, Map.of("generator", "test"), false))) {
            w.write(b);
            w.commit();
        }
        return file;
    }
}
