package dev.vmreplay.trace.parquet;

import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.IoRowValidator;
import dev.vmreplay.trace.IoTraceWriter;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryRowValidator;
import dev.vmreplay.trace.MemoryTraceWriter;
import dev.vmreplay.trace.TraceKind;
import dev.vmreplay.trace.TraceSchema;
import dev.vmreplay.trace.VmManifest;
import dev.vmreplay.trace.WriteOptions;
import java.nio.file.Path;

/** Factories for the Parquet trace writers. Rows are validated before they are written. */
public final class ParquetTraceWriters {
    private ParquetTraceWriters() {
    }

    public static MemoryTraceWriter memory(Path file, VmManifest manifest, WriteOptions options) {
        ParquetColumnarWriter w = new ParquetColumnarWriter(file, TraceKind.MEMORY, manifest, options);
        return new MemoryTraceWriter() {
            private long lastTimeNanos = Long.MIN_VALUE;

            @Override
            public void write(MemoryBatch batch) {
                lastTimeNanos = MemoryRowValidator.validate(file, -1, w.rowsWritten(), batch, manifest, lastTimeNanos);
                w.write(TraceSchema.arrays(batch), batch.size);
            }

            @Override
            public long rowsWritten() {
                return w.rowsWritten();
            }

            @Override
            public void commit() {
                w.commit();
            }

            @Override
            public void close() {
                w.close();
            }
        };
    }

    public static IoTraceWriter io(Path file, VmManifest manifest, WriteOptions options) {
        ParquetColumnarWriter w = new ParquetColumnarWriter(file, TraceKind.IO, manifest, options);
        return new IoTraceWriter() {
            private long lastTimeNanos = Long.MIN_VALUE;

            @Override
            public void write(IoBatch batch) {
                lastTimeNanos = IoRowValidator.validate(file, -1, w.rowsWritten(), batch, manifest, lastTimeNanos);
                w.write(TraceSchema.arrays(batch), batch.size);
            }

            @Override
            public long rowsWritten() {
                return w.rowsWritten();
            }

            @Override
            public void commit() {
                w.commit();
            }

            @Override
            public void close() {
                w.close();
            }
        };
    }
}
