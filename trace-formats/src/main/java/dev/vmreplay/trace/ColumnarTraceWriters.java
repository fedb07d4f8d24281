package dev.vmreplay.trace;

import java.nio.file.Path;

/** Memory and IO trace writers over any {@link ColumnarSink}; rows are validated before they are stored. */
public final class ColumnarTraceWriters {
    private ColumnarTraceWriters() {
    }

    public static MemoryTraceWriter memory(ColumnarSink sink, Path file, VmManifest manifest) {
        final class Memory extends Validating<MemoryBatch> implements MemoryTraceWriter {
            Memory() {
                super(sink, file, manifest);
            }
        }
        return new Memory();
    }

    public static IoTraceWriter io(ColumnarSink sink, Path file, VmManifest manifest) {
        final class Io extends Validating<IoBatch> implements IoTraceWriter {
            Io() {
                super(sink, file, manifest);
            }
        }
        return new Io();
    }

    /** Validates each batch against the rows before it, then stores it. */
    private abstract static class Validating<B extends TraceBatch<B>> implements TraceWriter<B> {
        private final ColumnarSink sink;
        private final Path file;
        private final VmManifest manifest;
        private long lastTimeNanos = Long.MIN_VALUE;

        Validating(ColumnarSink sink, Path file, VmManifest manifest) {
            this.sink = sink;
            this.file = file;
            this.manifest = manifest;
        }

        @Override
        public void write(B batch) {
            lastTimeNanos = batch.validate(file, -1, sink.rowsWritten(), manifest, lastTimeNanos);
            sink.write(batch.columnArrays(), batch.size());
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
    }
}
