package dev.vmreplay.trace.arrow;

import dev.vmreplay.trace.AtomicOutput;
import dev.vmreplay.trace.ColumnarSink;
import dev.vmreplay.trace.ManifestJson;
import dev.vmreplay.trace.TraceColumn;
import dev.vmreplay.trace.TraceKind;
import dev.vmreplay.trace.TraceSchema;
import dev.vmreplay.trace.VmManifest;
import dev.vmreplay.trace.WriteOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;

/**
 * Writes trace columns as an uncompressed Arrow IPC file, one record batch per
 * {@link WriteOptions#rowGroupRows()} rows; memory stays at one record batch.
 */
public final class ArrowColumnarWriter implements ColumnarSink {
    private final AtomicOutput output;
    private final List<TraceColumn> columns;
    private final int batchRows;
    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final FileChannel channel;
    private final ArrowFileWriter writer;
    private int filled;
    private long rowsWritten;
    private boolean finished;

    public ArrowColumnarWriter(Path target, TraceKind kind, VmManifest manifest, WriteOptions options) {
        this.columns = TraceSchema.columns(kind);
        this.batchRows = options.rowGroupRows();
        // An assumed manifest says "unknown": keep it out of the file so readers still report it as assumed.
        String json = manifest.assumed() ? null : ManifestJson.toJson(manifest);
        this.output = AtomicOutput.create(target);
        this.allocator = new RootAllocator();
        VectorSchemaRoot r = null;
        FileChannel ch = null;
        ArrowFileWriter w = null;
        try {
            r = VectorSchemaRoot.create(ArrowSchemas.of(kind, json), allocator);
            for (FieldVector v : r.getFieldVectors()) {
                v.setInitialCapacity(batchRows);
                v.allocateNew();
            }
            ch = FileChannel.open(output.temporary(), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            w = new ArrowFileWriter(r, null, ch);
            w.start();
        } catch (IOException | RuntimeException e) {
            closeAll(w, r, ch);
            allocator.close();
            output.close();
            throw e instanceof IOException io ? new UncheckedIOException("cannot write " + target + ": " + io.getMessage(), io)
                    : (RuntimeException) e;
        }
        this.root = r;
        this.channel = ch;
        this.writer = w;
    }

    @Override
    public void write(Object[] arrays, int size) {
        if (finished) {
            throw new IllegalStateException("writer already committed or closed: " + output.target());
        }
        int row = 0;
        while (row < size) {
            int n = Math.min(size - row, batchRows - filled);
            for (int c = 0; c < arrays.length; c++) {
                FieldVector v = root.getVector(c);
                ArrowBuf data = v.getDataBuffer();
                switch (columns.get(c).type()) {
                    case INT64 -> data.nioBuffer((long) filled * 8, n * 8).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer()
                            .put((long[]) arrays[c], row, n);
                    case INT32 -> data.nioBuffer((long) filled * 4, n * 4).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer()
                            .put((int[]) arrays[c], row, n);
                    case INT8 -> data.nioBuffer(filled, n).put((byte[]) arrays[c], row, n);
                    default -> throw new IllegalStateException();
                }
            }
            filled += n;
            row += n;
            rowsWritten += n;
            if (filled == batchRows) {
                flushBatch();
            }
        }
    }

    private void flushBatch() {
        if (filled == 0) {
            return;
        }
        for (FieldVector v : root.getFieldVectors()) {
            ArrowBuf validity = v.getValidityBuffer();
            validity.setZero(0, validity.capacity());
            validity.setOne(0L, filled / 8);
            for (int i = filled / 8 * 8; i < filled; i++) {
                BitVectorHelper.setBit(validity, i);
            }
            v.setValueCount(filled);
        }
        root.setRowCount(filled);
        try {
            writer.writeBatch();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output.target() + ": " + e.getMessage(), e);
        }
        filled = 0;
    }

    @Override
    public long rowsWritten() {
        return rowsWritten;
    }

    @Override
    public void commit() {
        if (finished) {
            throw new IllegalStateException("writer already committed or closed: " + output.target());
        }
        flushBatch();
        try {
            writer.end();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output.target() + ": " + e.getMessage(), e);
        }
        finished = true;
        closeAll(writer, root, channel);
        allocator.close();
        output.commit();
    }

    @Override
    public void close() {
        if (!finished) {
            finished = true;
            closeAll(writer, root, channel);
            allocator.close();
        }
        output.close();
    }

    private static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable c : resources) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                // closing after a failure or after end(): the earlier outcome is what counts
            }
        }
    }
}
