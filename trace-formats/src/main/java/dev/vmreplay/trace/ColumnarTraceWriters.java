package dev.vmreplay.trace;

import java.nio.file.Path;

/** Memory and IO trace writers over any {@link ColumnarSink}; rows are validated before they are stored. */
public final class ColumnarTraceWriters {
    private ColumnarTraceWriters() {
    }

    public static MemoryTraceWriter memory(ColumnarSink sink, Path file, VmManifest manifest) {
        return new MemoryTraceWriter() {
            private long lastTimeNanos = Long.MIN_VALUE;

            @Override
            public void write(MemoryBatch batch) {
                lastTimeNanos = MemoryRowValidator.validate(file, -1, sink.rowsWritten(), batch, manifest, lastTimeNanos);
                sink.write(TraceSchema.arrays(batch), batch.size);
            }

            @Override
            public long rowsWritten() {
                return sink.rowsWritten();
            }

            @Override
            public void commit() {
                sink.commit();
            }

            @Override
            public void close() {
                sink.close();
            }
        };
    }

    public static IoTraceWriter io(ColumnarSink sink, Path file, VmManifest manifest) {
        return new IoTraceWriter() {
            private long lastTimeNanos = Long.MIN_VALUE;

            @Override
            public void write(IoBatch batch) {
                lastTimeNanos = IoRowValidator.validate(file, -1, sink.rowsWritten(), batch, manifest, lastTimeNanos);
                sink.write(TraceSchema.arrays(batch), batch.size);
            }

            @Override
            public long rowsWritten() {
                return sink.rowsWritten();
            }

            @Override
            public void commit() {
                sink.commit();
            }

            @Override
            public void close() {
                sink.close();
            }
        };
    }
}
