package dev.vmreplay.trace.arrow;

import dev.vmreplay.trace.ColumnarSource;
import dev.vmreplay.trace.TraceColumn;
import dev.vmreplay.trace.TraceFormatException;
import dev.vmreplay.trace.TraceKind;
import dev.vmreplay.trace.TraceSchema;
import dev.vmreplay.trace.VmManifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.TypeLayout;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads the trace columns of an Arrow IPC file through memory mappings. Arrow Java reads the
 * footer and schema; record batches are then located from their IPC message headers and their
 * column buffers copied straight from the mapping into the batch arrays (one bulk copy per column
 * when the widths match). Every offset is checked against the file, so a damaged file fails with
 * a {@link TraceFormatException} rather than reading short.
 *
 * <p>A file up to 2 GiB is one mapping; a larger one is mapped as windows of whole record batches.
 * Mappings are shared with other readers of the same unchanged file ({@link SharedMappings}), so
 * reading a cache again does not fault its pages in again.
 */
public final class ArrowColumnarReader implements ColumnarSource {
    private final Path file;
    private final List<TraceColumn> columns;
    private final SharedMappings.OpenFile open;
    private final FileChannel channel;
    private final long fileSize;
    /**
     * Mapped windows of the file, by start offset: the whole file when it fits one mapping, else
     * runs of whole record batches of at most {@code maxMappingBytes} each. Possibly shared with
     * other readers of the same file: read only through slices. A record batch too large for any
     * window is mapped on its own when read.
     */
    private final long[] windowStart;
    private final ByteBuffer[] window;
    private final List<ArrowBlock> blocks;
    private final long[] blockRows;
    private final long rowCount;
    private final String manifestJson;
    /** Per trace column: index of its field node, of its validity buffer, its stored width and signedness. */
    private final int[] nodeIndex;
    private final int[] bufferIndex;
    private final int[] widthBytes;
    private final boolean[] signed;

    private int block = -1;
    private ByteBuffer body;
    private final int[] dataOffset;
    private long blockFirstRow;
    private long consumedInBlock;
    private long rowsRead;
    private int lastReadBlock = -1;
    private long lastReadFirstRow = -1;

    public ArrowColumnarReader(Path file, TraceKind kind) {
        this(file, kind, Integer.MAX_VALUE);
    }

    /** @param maxMappingBytes largest mapping to make, at most {@link Integer#MAX_VALUE} (smaller in tests) */
    ArrowColumnarReader(Path file, TraceKind kind, long maxMappingBytes) {
        this.file = file;
        this.columns = TraceSchema.columns(kind);
        if (!Files.isRegularFile(file)) {
            throw TraceFormatException.ofFile(file, Files.exists(file) ? "not a regular file" : "no such file", null);
        }
        Schema schema;
        try (BufferAllocator allocator = new RootAllocator();
             ArrowFileReader footer = new ArrowFileReader(FileChannel.open(file, StandardOpenOption.READ), allocator)) {
            schema = footer.getVectorSchemaRoot().getSchema();
            this.blocks = List.copyOf(footer.getRecordBlocks());
        } catch (IOException | RuntimeException e) {
            throw TraceFormatException.ofFile(file, "not a readable Arrow IPC file (truncated or corrupt footer): "
                    + e.getMessage(), e);
        }
        Map<String, String> metadata = schema.getCustomMetadata();
        this.manifestJson = metadata == null ? null : metadata.get(VmManifest.METADATA_KEY);
        int k = columns.size();
        nodeIndex = new int[k];
        bufferIndex = new int[k];
        widthBytes = new int[k];
        signed = new boolean[k];
        dataOffset = new int[k];
        locateColumns(schema);
        try {
            this.open = SharedMappings.open(file);
        } catch (IOException e) {
            throw TraceFormatException.ofFile(file, "cannot open: " + e.getMessage(), e);
        }
        this.channel = open.channel();
        this.fileSize = open.sizeBytes();
        try {
            long[][] windows = windows(blocks, fileSize, maxMappingBytes);
            this.windowStart = windows[0];
            this.window = new ByteBuffer[windowStart.length];
            for (int w = 0; w < window.length; w++) {
                window[w] = SharedMappings.map(open, windowStart[w], windows[1][w]);
            }
        } catch (IOException e) {
            close();
            throw TraceFormatException.ofFile(file, "cannot map: " + e.getMessage(), e);
        }
        try {
            blockRows = new long[blocks.size()];
            long rows = 0;
            for (int b = 0; b < blocks.size(); b++) {
                blockRows[b] = header(b).length();
                if (blockRows[b] < 0 || blockRows[b] > Integer.MAX_VALUE) {
                    throw new TraceFormatException(file, b, rows, null, "record batch length " + blockRows[b] + " (file corrupt)");
                }
                rows += blockRows[b];
            }
            this.rowCount = rows;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Start offsets and lengths of the windows to map: the whole file when it fits {@code maxBytes},
     * else consecutive record batches packed greedily into windows of at most {@code maxBytes}.
     * Record batches that lie outside the file or do not fit a window on their own are left out
     * (region() then reports or maps them itself).
     */
    static long[][] windows(List<ArrowBlock> blocks, long fileSize, long maxBytes) {
        if (fileSize <= maxBytes) {
            return new long[][] {{0}, {fileSize}};
        }
        List<ArrowBlock> sorted = new ArrayList<>(blocks);
        sorted.sort(Comparator.comparingLong(ArrowBlock::getOffset));
        long[] starts = new long[sorted.size()];
        long[] lengths = new long[sorted.size()];
        int n = 0;
        long start = -1;
        long end = -1;
        for (ArrowBlock b : sorted) {
            long from = b.getOffset();
            long to = from + b.getMetadataLength() + b.getBodyLength();
            if (from < 0 || b.getMetadataLength() < 0 || b.getBodyLength() < 0 || to > fileSize || to - from > maxBytes) {
                continue;
            }
            if (start >= 0 && Math.max(end, to) - start <= maxBytes) {
                end = Math.max(end, to);
                continue;
            }
            if (start >= 0) {
                starts[n] = start;
                lengths[n++] = end - start;
            }
            start = from;
            end = to;
        }
        if (start >= 0) {
            starts[n] = start;
            lengths[n++] = end - start;
        }
        return new long[][] {Arrays.copyOf(starts, n), Arrays.copyOf(lengths, n)};
    }

    /** Top-level column names of an Arrow IPC file, in file order. */
    public static List<String> columnNames(Path file) {
        try (BufferAllocator allocator = new RootAllocator();
             ArrowFileReader footer = new ArrowFileReader(FileChannel.open(file, StandardOpenOption.READ), allocator)) {
            List<String> names = new ArrayList<>();
            footer.getVectorSchemaRoot().getSchema().getFields().forEach(f -> names.add(f.getName()));
            return names;
        } catch (IOException | RuntimeException e) {
            throw TraceFormatException.ofFile(file, "not a readable Arrow IPC file (truncated or corrupt footer): "
                    + e.getMessage(), e);
        }
    }

    private void locateColumns(Schema schema) {
        List<Field> fields = schema.getFields();
        int[] firstNode = new int[fields.size()];
        int[] firstBuffer = new int[fields.size()];
        int node = 0;
        int buffer = 0;
        for (int f = 0; f < fields.size(); f++) {
            firstNode[f] = node;
            firstBuffer[f] = buffer;
            int[] counts = countNodesAndBuffers(fields.get(f));
            node += counts[0];
            buffer += counts[1];
        }
        List<String> names = new ArrayList<>();
        fields.forEach(f -> names.add(f.getName()));
        for (int c = 0; c < columns.size(); c++) {
            TraceColumn col = columns.get(c);
            int f = names.indexOf(col.name());
            if (f < 0) {
                throw new TraceFormatException(file, -1, -1, col.name(), "missing column (file has " + names + ")");
            }
            Field field = fields.get(f);
            if (field.getDictionary() != null || !(field.getType() instanceof ArrowType.Int t)
                    || (!t.getIsSigned() && t.getBitWidth() == 64)) {
                throw new TraceFormatException(file, -1, -1, col.name(), "wrong type " + field.getType()
                        + (field.getDictionary() != null ? " (dictionary-encoded)" : "") + "; expected " + col.type().sqlName()
                        + " (Arrow Int(64/32/16/8), signed)");
            }
            nodeIndex[c] = firstNode[f];
            bufferIndex[c] = firstBuffer[f];
            widthBytes[c] = t.getBitWidth() / 8;
            signed[c] = t.getIsSigned();
        }
    }

    private static int[] countNodesAndBuffers(Field field) {
        if (field.getDictionary() != null) {
            // a dictionary-encoded column (e.g. a pandas categorical) carries only its integer indices
            return new int[] {1, 2};
        }
        int nodes = 1;
        int buffers = TypeLayout.getTypeBufferCount(field.getType());
        for (Field child : field.getChildren()) {
            int[] c = countNodesAndBuffers(child);
            nodes += c[0];
            buffers += c[1];
        }
        return new int[] {nodes, buffers};
    }

    /** Bytes {@code [offset, offset + length)} of the file, little-endian. */
    private ByteBuffer region(long offset, long length, int blockIndex) {
        if (offset < 0 || length < 0 || offset + length > fileSize || length > Integer.MAX_VALUE) {
            throw new TraceFormatException(file, blockIndex, -1, null, "record batch at byte " + offset + " (+" + length
                    + ") lies outside the file of " + fileSize + " bytes (file truncated or corrupt)");
        }
        int w = Arrays.binarySearch(windowStart, offset);
        w = w >= 0 ? w : -w - 2;
        if (w >= 0 && offset + length <= windowStart[w] + window[w].capacity()) {
            return window[w].slice((int) (offset - windowStart[w]), (int) length).order(ByteOrder.LITTLE_ENDIAN);
        }
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, offset, length).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new TraceFormatException(file, blockIndex, -1, null, "cannot map record batch: " + e.getMessage(), e);
        }
    }

    /** Parses the IPC message header of record batch {@code b}. */
    private RecordBatch header(int b) {
        ArrowBlock block = blocks.get(b);
        try {
            ByteBuffer meta = region(block.getOffset(), block.getMetadataLength(), b);
            int start = 4;
            int size = meta.getInt(0);
            if (size == -1) {
                // IPC continuation marker, then the flatbuffer size
                size = meta.getInt(4);
                start = 8;
            }
            if (size <= 0 || start + size > meta.limit()) {
                throw new TraceFormatException(file, b, -1, null, "bad record batch header size " + size + " (file corrupt)");
            }
            Message message = Message.getRootAsMessage(meta.slice(start, size).order(ByteOrder.LITTLE_ENDIAN));
            if (message.headerType() != MessageHeader.RecordBatch) {
                throw new TraceFormatException(file, b, -1, null, "block is not a record batch (file corrupt)");
            }
            RecordBatch rb = (RecordBatch) message.header(new RecordBatch());
            if (rb == null) {
                throw new TraceFormatException(file, b, -1, null, "record batch header missing (file corrupt)");
            }
            if (rb.compression() != null) {
                throw new TraceFormatException(file, b, -1, null, "compressed Arrow IPC is not supported; write it "
                        + "uncompressed (pyarrow: compression='uncompressed') or use Parquet");
            }
            return rb;
        } catch (TraceFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TraceFormatException(file, b, -1, null, "cannot parse record batch header (file corrupt): " + dev.vmreplay.trace.FileErrors.plain(e), e);
        }
    }

    private void startBlock() {
        block++;
        blockFirstRow = rowsRead;
        consumedInBlock = 0;
        ArrowBlock ab = blocks.get(block);
        RecordBatch rb = header(block);
        long rows = blockRows[block];
        body = region(ab.getOffset() + ab.getMetadataLength(), ab.getBodyLength(), block);
        try {
            locateColumns(rb, rows);
        } catch (TraceFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            // the header's flatbuffer is read lazily: a damaged one fails here, as an index out of bounds
            throw new TraceFormatException(file, block, blockFirstRow, null,
                    "cannot read the record batch's column layout (file corrupt): " + dev.vmreplay.trace.FileErrors.plain(e), e);
        }
    }

    private void locateColumns(RecordBatch rb, long rows) {
        for (int c = 0; c < columns.size(); c++) {
            String name = columns.get(c).name();
            if (nodeIndex[c] >= rb.nodesLength() || bufferIndex[c] + 1 >= rb.buffersLength()) {
                throw new TraceFormatException(file, block, blockFirstRow, name, "record batch lacks the column's buffers (file corrupt)");
            }
            FieldNode node = rb.nodes(nodeIndex[c]);
            if (node.length() != rows) {
                throw new TraceFormatException(file, block, blockFirstRow, name, "column holds " + node.length()
                        + " values, record batch " + rows + " rows (file corrupt)");
            }
            Buffer validity = rb.buffers(bufferIndex[c]);
            Buffer data = rb.buffers(bufferIndex[c] + 1);
            checkInBody(validity, 0, name);
            checkInBody(data, rows * widthBytes[c], name);
            if (node.nullCount() != 0) {
                throw new TraceFormatException(file, block, firstNull(validity, rows, name), name,
                        "null value; every trace column must be set in every row");
            }
            dataOffset[c] = (int) data.offset();
        }
    }

    private void checkInBody(Buffer b, long minLength, String column) {
        if (b.offset() < 0 || b.length() < minLength || b.offset() + b.length() > body.limit()) {
            throw new TraceFormatException(file, block, blockFirstRow, column, "buffer [" + b.offset() + ", +" + b.length()
                    + ") does not fit the record batch body of " + body.limit() + " bytes (file corrupt)");
        }
    }

    private long firstNull(Buffer validity, long rows, String column) {
        if (validity.length() * 8 < rows) {
            return blockFirstRow;
        }
        int base = (int) validity.offset();
        for (long i = 0; i < rows; i++) {
            if ((body.get(base + (int) (i >>> 3)) & (1 << (i & 7))) == 0) {
                return blockFirstRow + i;
            }
        }
        return blockFirstRow;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public long rowCount() {
        return rowCount;
    }

    @Override
    public int groupCount() {
        return blocks.size();
    }

    @Override
    public String storedManifestJson() {
        return manifestJson;
    }

    /**
     * Copies up to {@code maxRows} rows into the arrays (in {@link TraceSchema} order), never across
     * a record batch boundary.
     *
     * @return rows read; 0 at the end of the file
     */
    @Override
    public int read(Object[] arrays, int maxRows) {
        while (block < 0 || consumedInBlock == blockRows[block]) {
            if (block + 1 >= blocks.size()) {
                return 0;
            }
            startBlock();
        }
        int n = (int) Math.min(maxRows, blockRows[block] - consumedInBlock);
        lastReadBlock = block;
        lastReadFirstRow = rowsRead;
        int at = (int) consumedInBlock;
        for (int c = 0; c < arrays.length; c++) {
            copy(c, arrays[c], at, n);
        }
        consumedInBlock += n;
        rowsRead += n;
        return n;
    }

    private void copy(int c, Object dst, int at, int n) {
        int w = widthBytes[c];
        ByteBuffer src = body.slice(dataOffset[c] + at * w, n * w).order(ByteOrder.LITTLE_ENDIAN);
        TraceColumn.Type type = columns.get(c).type();
        if (signed[c] && w * 8 == type.bits()) {
            switch (type) {
                case INT64 -> src.asLongBuffer().get((long[]) dst, 0, n);
                case INT32 -> src.asIntBuffer().get((int[]) dst, 0, n);
                case INT8 -> src.get((byte[]) dst, 0, n);
                default -> throw new IllegalStateException();
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            long v = switch (w) {
                case 1 -> signed[c] ? src.get(i) : src.get(i) & 0xffL;
                case 2 -> signed[c] ? src.getShort(i * 2) : src.getShort(i * 2) & 0xffffL;
                case 4 -> signed[c] ? src.getInt(i * 4) : src.getInt(i * 4) & 0xffffffffL;
                default -> src.getLong(i * 8);
            };
            if (v < type.min() || v > type.max()) {
                throw new TraceFormatException(file, block, lastReadFirstRow + i, columns.get(c).name(),
                        "value " + v + " does not fit " + type.sqlName());
            }
            switch (type) {
                case INT64 -> ((long[]) dst)[i] = v;
                case INT32 -> ((int[]) dst)[i] = (int) v;
                case INT8 -> ((byte[]) dst)[i] = (byte) v;
                default -> throw new IllegalStateException();
            }
        }
    }

    @Override
    public int lastReadGroup() {
        return lastReadBlock;
    }

    @Override
    public long lastReadFirstRow() {
        return lastReadFirstRow;
    }

    @Override
    public void close() {
        try {
            open.close();
        } catch (IOException e) {
            // read-only channel: nothing to lose
        }
    }
}
