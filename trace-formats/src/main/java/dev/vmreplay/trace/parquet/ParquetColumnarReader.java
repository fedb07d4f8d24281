package dev.vmreplay.trace.parquet;

import dev.vmreplay.trace.ColumnarSource;
import dev.vmreplay.trace.TraceColumn;
import dev.vmreplay.trace.TraceFormatException;
import dev.vmreplay.trace.TraceKind;
import dev.vmreplay.trace.TraceSchema;
import dev.vmreplay.trace.VmManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Reads the trace columns of a Parquet file row group by row group into column arrays. Checks the
 * schema up front (every column present, integer typed, flat) and every row group's shape; row
 * rules are left to the kind-specific readers. Any decoding failure becomes a
 * {@link TraceFormatException} naming the place: a damaged file never reads as a shorter trace.
 */
public final class ParquetColumnarReader implements ColumnarSource {
    private final Path file;
    private final TraceKind kind;
    private final List<TraceColumn> columns;
    private final ParquetFileReader reader;
    private final ColumnDescriptor[] descriptors;
    private final List<BlockMetaData> blocks;
    private final long rowCount;
    private final Map<String, String> keyValueMetadata;

    private ColumnChunkDecoder[] decoders;
    private int rowGroup = -1;
    private long rowGroupFirstRow;
    private long rowGroupRows;
    private long rowGroupConsumed;
    private long rowsRead;
    private int lastReadRowGroup = -1;
    private long lastReadFirstRow = -1;

    public ParquetColumnarReader(Path file, TraceKind kind) {
        this.file = file;
        this.kind = kind;
        this.columns = TraceSchema.columns(kind);
        this.reader = open(file);
        try {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            this.keyValueMetadata = reader.getFooter().getFileMetaData().getKeyValueMetaData();
            this.descriptors = new ColumnDescriptor[columns.size()];
            List<Type> projected = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) {
                TraceColumn col = columns.get(c);
                PrimitiveType type = checkColumn(file, schema, col);
                projected.add(type);
                descriptors[c] = schema.getColumnDescription(new String[] {col.name()});
            }
            reader.setRequestedSchema(new MessageType(schema.getName(), projected));
            this.blocks = reader.getRowGroups();
            long rows = 0;
            for (BlockMetaData b : blocks) {
                rows += b.getRowCount();
            }
            this.rowCount = rows;
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** Opens the footer; any failure (missing file, not Parquet, cut footer) is a TraceFormatException. */
    static ParquetFileReader open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw TraceFormatException.ofFile(file, Files.exists(file) ? "not a regular file" : "no such file", null);
        }
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .usePageChecksumVerification(true)
                .build();
        try {
            return ParquetFileReader.open(new LocalInputFile(file), options);
        } catch (NoSuchFileException e) {
            throw TraceFormatException.ofFile(file, "no such file", e);
        } catch (IOException | RuntimeException e) {
            throw TraceFormatException.ofFile(file, ParquetErrors.describe(e), e);
        }
    }

    /** The column's type if it is one vmreplay can read into {@code col}; otherwise a precise error. */
    static PrimitiveType checkColumn(Path file, MessageType schema, TraceColumn col) {
        if (!schema.containsField(col.name())) {
            throw new TraceFormatException(file, -1, -1, col.name(), "missing column (" + kindName(col)
                    + " traces need columns " + names(schema, col) + ")");
        }
        Type t = schema.getType(col.name());
        if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
            throw new TraceFormatException(file, -1, -1, col.name(), "must be a plain " + col.type().sqlName()
                    + " column, is " + t);
        }
        PrimitiveType p = t.asPrimitiveType();
        PrimitiveTypeName physical = p.getPrimitiveTypeName();
        LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
        boolean integer = physical == PrimitiveTypeName.INT64 || physical == PrimitiveTypeName.INT32;
        boolean plainOrSignedInt = logical == null
                || (logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i
                    && (i.isSigned() || i.getBitWidth() < 32));
        if (!integer || !plainOrSignedInt) {
            throw new TraceFormatException(file, -1, -1, col.name(), "wrong type " + describe(p) + "; expected "
                    + col.type().sqlName() + " (Parquet INT64, or INT32 with or without an INT(8)/INT(16)/INT(32) annotation)");
        }
        return p;
    }

    private static String kindName(TraceColumn col) {
        return TraceSchema.MEMORY.contains(col) ? "memory" : "IO";
    }

    private static String names(MessageType schema, TraceColumn col) {
        List<TraceColumn> cols = TraceSchema.MEMORY.contains(col) ? TraceSchema.MEMORY : TraceSchema.IO;
        StringBuilder sb = new StringBuilder();
        for (TraceColumn c : cols) {
            sb.append(sb.length() == 0 ? "" : ", ").append(c.name());
        }
        sb.append("; file has ");
        for (int i = 0; i < schema.getFieldCount(); i++) {
            sb.append(i == 0 ? "" : ", ").append(schema.getFieldName(i));
        }
        return sb.toString();
    }

    private static String describe(PrimitiveType p) {
        LogicalTypeAnnotation l = p.getLogicalTypeAnnotation();
        return p.getPrimitiveTypeName() + (l == null ? "" : " (" + l + ")");
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

    /** The manifest JSON stored in the file's key/value metadata, or null. */
    @Override
    public String storedManifestJson() {
        return keyValueMetadata == null ? null : keyValueMetadata.get(VmManifest.METADATA_KEY);
    }

    /**
     * Largest value of column {@code c} from the footer statistics, or null when any row group lacks
     * them (then the caller must scan).
     */
    @Override
    public Long metadataMax(int c) {
        return statistic(c, true);
    }

    @Override
    public Long metadataMin(int c) {
        return statistic(c, false);
    }

    private Long statistic(int c, boolean max) {
        if (blocks.isEmpty()) {
            return null;
        }
        String name = columns.get(c).name();
        long best = max ? Long.MIN_VALUE : Long.MAX_VALUE;
        for (BlockMetaData b : blocks) {
            ColumnChunkMetaData chunk = null;
            for (ColumnChunkMetaData m : b.getColumns()) {
                if (m.getPath().size() == 1 && m.getPath().toArray()[0].equals(name)) {
                    chunk = m;
                }
            }
            if (chunk == null) {
                return null;
            }
            Statistics<?> s = chunk.getStatistics();
            if (s == null || s.isEmpty() || !s.hasNonNullValue()) {
                if (b.getRowCount() == 0) {
                    continue;
                }
                return null;
            }
            Object v = max ? s.genericGetMax() : s.genericGetMin();
            if (!(v instanceof Number n)) {
                return null;
            }
            best = max ? Math.max(best, n.longValue()) : Math.min(best, n.longValue());
        }
        return best;
    }

    /**
     * Reads up to {@code maxRows} rows into the arrays (in {@link TraceSchema} order), never across
     * a row group boundary.
     *
     * @return rows read; 0 at the end of the file
     */
    @Override
    public int read(Object[] arrays, int maxRows) {
        while (rowGroupConsumed == rowGroupRows) {
            if (decoders != null) {
                for (ColumnChunkDecoder d : decoders) {
                    d.finish();
                }
                decoders = null;
            }
            if (rowGroup + 1 >= blocks.size()) {
                if (rowsRead != rowCount) {
                    throw new TraceFormatException(file, -1, rowsRead, null,
                            "read " + rowsRead + " rows but the footer records " + rowCount + " (file corrupt)");
                }
                return 0;
            }
            startRowGroup();
        }
        int n = (int) Math.min(maxRows, rowGroupRows - rowGroupConsumed);
        lastReadRowGroup = rowGroup;
        lastReadFirstRow = rowGroupFirstRow + rowGroupConsumed;
        for (int c = 0; c < decoders.length; c++) {
            try {
                decoders[c].read(arrays[c], 0, n);
            } catch (TraceFormatException e) {
                throw e;
            } catch (RuntimeException e) {
                throw decoders[c].error(lastReadFirstRow, "cannot decode (file corrupt): " + ParquetErrors.describe(e), e);
            }
        }
        rowGroupConsumed += n;
        rowsRead += n;
        return n;
    }

    private void startRowGroup() {
        rowGroup++;
        rowGroupFirstRow = rowsRead;
        BlockMetaData block = blocks.get(rowGroup);
        rowGroupConsumed = 0;
        if (block.getRowCount() == 0) {
            // parquet-mr skips empty row groups by itself; there is nothing to decode.
            rowGroupRows = 0;
            decoders = null;
            return;
        }
        PageReadStore store;
        try {
            store = reader.readNextRowGroup();
        } catch (IOException | RuntimeException e) {
            throw new TraceFormatException(file, rowGroup, rowsRead, null,
                    "cannot read row group (file truncated or corrupt): " + e.getMessage(), e);
        }
        if (store == null) {
            throw new TraceFormatException(file, rowGroup, rowsRead, null,
                    "row group missing (file truncated or corrupt)");
        }
        if (store.getRowCount() != block.getRowCount()) {
            throw new TraceFormatException(file, rowGroup, rowsRead, null, "row group holds " + store.getRowCount()
                    + " rows, footer records " + block.getRowCount());
        }
        rowGroupRows = block.getRowCount();
        ColumnChunkDecoder[] ds = new ColumnChunkDecoder[columns.size()];
        for (int c = 0; c < ds.length; c++) {
            TraceColumn col = columns.get(c);
            try {
                var pages = store.getPageReader(descriptors[c]);
                if (pages.getTotalValueCount() != rowGroupRows) {
                    throw new TraceFormatException(file, rowGroup, rowsRead, col.name(), "column chunk holds "
                            + pages.getTotalValueCount() + " values, row group " + rowGroupRows + " rows");
                }
                ds[c] = new ColumnChunkDecoder(file, rowGroup, rowsRead, col.name(), descriptors[c], col.type(), pages);
            } catch (TraceFormatException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new TraceFormatException(file, rowGroup, rowsRead, col.name(),
                        "cannot read column chunk (file corrupt): " + ParquetErrors.describe(e), e);
            }
        }
        decoders = ds;
    }

    @Override
    public int lastReadGroup() {
        return lastReadRowGroup;
    }

    @Override
    public long lastReadFirstRow() {
        return lastReadFirstRow;
    }

    TraceKind kind() {
        return kind;
    }

    private void closeQuietly() {
        try {
            reader.close();
        } catch (IOException | RuntimeException e) {
            // closing after a failure: the failure is what the caller must see
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
