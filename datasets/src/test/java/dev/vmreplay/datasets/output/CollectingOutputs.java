package dev.vmreplay.datasets.output;

import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.IoTraceWriter;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryRowValidator;
import dev.vmreplay.trace.MemoryTraceWriter;
import dev.vmreplay.trace.VmManifest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keeps committed traces in memory, validating memory rows as a file writer would. */
public final class CollectingOutputs implements TraceOutputs {
    public final Map<Path, MemoryBatch> memory = new LinkedHashMap<>();
    public final Map<Path, IoBatch> io = new LinkedHashMap<>();
    public final Map<Path, VmManifest> manifests = new LinkedHashMap<>();

    @Override
    public MemoryTraceWriter memory(Path file, VmManifest manifest) {
        MemoryBatch all = new MemoryBatch(1024);
        return new MemoryTraceWriter() {
            long lastTime = Long.MIN_VALUE;
            boolean committed;

            @Override
            public void write(MemoryBatch batch) {
                lastTime = MemoryRowValidator.validate(file, -1, all.size, batch, manifest, lastTime);
                for (int i = 0; i < batch.size; i++) {
                    all.add(batch.timeNanos[i], batch.vcpu[i], batch.gpa[i], batch.lengthBytes[i], batch.op[i]);
                }
            }

            @Override
            public long rowsWritten() {
                return all.size;
            }

            @Override
            public void commit() {
                committed = true;
                memory.put(file, all);
                manifests.put(file, manifest);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public IoTraceWriter io(Path file, VmManifest manifest) {
        IoBatch all = new IoBatch(1024);
        return new IoTraceWriter() {
            long lastTime = Long.MIN_VALUE;

            @Override
            public void write(IoBatch b) {
                for (int i = 0; i < b.size; i++) {
                    if (b.timeNanos[i] < lastTime || b.timeNanos[i] < 0) {
                        throw new AssertionError("IO time out of order at row " + all.size);
                    }
                    if (manifest.ioQueues() > 0 && (b.queue[i] < 0 || b.queue[i] >= manifest.ioQueues())) {
                        throw new AssertionError("queue " + b.queue[i] + " outside manifest io_queues " + manifest.ioQueues());
                    }
                    if (b.serviceNanos[i] < 0 || b.lengthBytes[i] < 0 || b.op[i] < 0 || b.op[i] > 2) {
                        throw new AssertionError("bad IO row " + all.size);
                    }
                    lastTime = b.timeNanos[i];
                    all.add(b.timeNanos[i], b.queue[i], b.requestId[i], b.op[i], b.offsetBytes[i], b.lengthBytes[i],
                            b.serviceNanos[i]);
                }
            }

            @Override
            public long rowsWritten() {
                return all.size;
            }

            @Override
            public void commit() {
                io.put(file, all);
                manifests.put(file, manifest);
            }

            @Override
            public void close() {
            }
        };
    }
}
