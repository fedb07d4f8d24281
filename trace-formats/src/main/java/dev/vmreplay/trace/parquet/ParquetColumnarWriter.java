package dev.vmreplay.trace.parquet;

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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.factory.DefaultV2ValuesWriterFactory;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Writes trace columns to Parquet row by row through parquet-mr's column writers, one row group
 * per {@link WriteOptions#rowGroupRows()} rows, so memory stays at one (compressed) row group.
 *
 * <p>Encodings: data pages V1 (read by every tool) carrying the V2 value encodings, i.e.
 * DELTA_BINARY_PACKED for the int64 columns and RLE_DICTIONARY for the small-domain columns
 * (falling back to delta when a dictionary grows past the dictionary page size). ZSTD pages with
 * CRCs, column statistics and page indexes.
 */
public final class ParquetColumnarWriter implements ColumnarSink {
    private static final int PAGE_BYTES = 1 << 20;
    private static final int PAGE_ROWS = 1 << 16;

    private final AtomicOutput output;
    private final ClosableOutputFile file;
    private final MessageType schema;
    private final List<TraceColumn> columns;
    private final ColumnDescriptor[] descriptors;
    private final ParquetProperties properties;
    private final CodecFactory codecs;
    private final CompressionCodecFactory.BytesInputCompressor compressor;
    private final ParquetFileWriter fileWriter;
    private final String manifestJson;
    private final int rowGroupRows;

    private ColumnChunkPageWriteStore pageStore;
    private ColumnWriteStore columnStore;
    private final ColumnWriter[] writers;
    private final TraceColumn.Type[] types;
    private int rowsInGroup;
    private long rowsWritten;
    private boolean finished;

    public ParquetColumnarWriter(Path target, TraceKind kind, VmManifest manifest, WriteOptions options) {
        this.columns = TraceSchema.columns(kind);
        this.schema = ParquetSchemas.of(kind);
        // An assumed manifest says "unknown": keep it out of the file so readers still report it as assumed.
        this.manifestJson = manifest.assumed() ? null : ManifestJson.toJson(manifest);
        this.rowGroupRows = options.rowGroupRows();
        this.descriptors = schema.getColumns().toArray(new ColumnDescriptor[0]);
        this.writers = new ColumnWriter[descriptors.length];
        this.types = columns.stream().map(TraceColumn::type).toArray(TraceColumn.Type[]::new);
        ParquetProperties.Builder pb = ParquetProperties.builder()
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                .withValuesWriterFactory(new DefaultV2ValuesWriterFactory())
                .withPageSize(PAGE_BYTES)
                .withDictionaryPageSize(PAGE_BYTES)
                .withPageRowCountLimit(PAGE_ROWS)
                .withPageWriteChecksumEnabled(true)
                .withDictionaryEncoding(false);
        for (TraceColumn c : columns) {
            pb.withDictionaryEncoding(c.name(), c.smallDomain());
        }
        this.properties = pb.build();
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        conf.set("parquet.compression.codec.zstd.level", Integer.toString(options.zstdLevel()));
        this.codecs = new CodecFactory(conf, PAGE_BYTES);
        this.compressor = codecs.getCompressor(CompressionCodecName.ZSTD);
        this.output = AtomicOutput.create(target);
        ParquetFileWriter fw = null;
        this.file = new ClosableOutputFile(output.temporary());
        try {
            fw = new ParquetFileWriter(file, schema, ParquetFileWriter.Mode.OVERWRITE,
                    128L << 20, 0, properties.getColumnIndexTruncateLength(), properties.getStatisticsTruncateLength(),
                    properties.getPageWriteChecksumEnabled());
            fw.start();
        } catch (IOException | RuntimeException e) {
            closeQuietly(fw);
            output.close();
            codecs.release();
            throw e instanceof IOException io ? new UncheckedIOException("cannot write " + target + ": " + io.getMessage(), io)
                    : (RuntimeException) e;
        }
        this.fileWriter = fw;
        startRowGroup();
    }

    private void startRowGroup() {
        pageStore = new ColumnChunkPageWriteStore(compressor, schema, properties.getAllocator(),
                properties.getColumnIndexTruncateLength(), properties.getPageWriteChecksumEnabled());
        columnStore = properties.newColumnWriteStore(schema, pageStore, pageStore);
        for (int c = 0; c < descriptors.length; c++) {
            writers[c] = columnStore.getColumnWriter(descriptors[c]);
        }
        rowsInGroup = 0;
    }

    /** Appends rows {@code [0, size)} of the column arrays (in {@link TraceSchema} order). */
    @Override
    public void write(Object[] arrays, int size) {
        if (finished) {
            throw new IllegalStateException("writer already committed or closed: " + output.target());
        }
        int row = 0;
        while (row < size) {
            int n = Math.min(size - row, rowGroupRows - rowsInGroup);
            writeRows(arrays, row, n);
            row += n;
            rowsInGroup += n;
            rowsWritten += n;
            if (rowsInGroup == rowGroupRows) {
                flushRowGroup();
                startRowGroup();
            }
        }
    }

    private void writeRows(Object[] arrays, int from, int n) {
        final int end = from + n;
        final int width = writers.length;
        for (int i = from; i < end; i++) {
            for (int c = 0; c < width; c++) {
                Object a = arrays[c];
                switch (types[c]) {
                    case INT64 -> writers[c].write(((long[]) a)[i], 0, 0);
                    case INT32 -> writers[c].write(((int[]) a)[i], 0, 0);
                    case INT8 -> writers[c].write((int) ((byte[]) a)[i], 0, 0);
                    default -> throw new IllegalStateException();
                }
            }
            columnStore.endRecord();
        }
    }

    private void flushRowGroup() {
        if (rowsInGroup == 0) {
            return;
        }
        try {
            fileWriter.startBlock(rowsInGroup);
            columnStore.flush();
            pageStore.flushToFileWriter(fileWriter);
            fileWriter.endBlock();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output.target() + ": " + e.getMessage(), e);
        } finally {
            columnStore.close();
            pageStore.close();
        }
        rowsInGroup = 0;
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
        flushRowGroup();
        Map<String, String> metadata = new TreeMap<>();
        if (manifestJson != null) {
            metadata.put(VmManifest.METADATA_KEY, manifestJson);
        }
        try {
            fileWriter.end(metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output.target() + ": " + e.getMessage(), e);
        }
        finished = true;
        codecs.release();
        output.commit();
    }

    @Override
    public void close() {
        if (!output.committed()) {
            if (!finished) {
                closeQuietly(fileWriter);
                codecs.release();
            }
            finished = true;
        }
        output.close();
    }

    /**
     * Closes the file without a footer. parquet-mr marks its writer aborted when a write fails (a
     * full disk) and then never closes its stream, whose descriptor would hold the deleted
     * temporary's space until the JVM exits: so the stream is closed here too.
     */
    private void closeQuietly(ParquetFileWriter fw) {
        try {
            if (fw != null) {
                fw.close();
            }
        } catch (IOException | RuntimeException e) {
            // the file is deleted next; the write's own failure is what gets reported
        }
        file.closeStream();
    }

    /** The temporary file, keeping the stream parquet-mr opens on it so it can always be closed. */
    private static final class ClosableOutputFile implements org.apache.parquet.io.OutputFile {
        private final LocalOutputFile file;
        private org.apache.parquet.io.PositionOutputStream stream;

        ClosableOutputFile(Path path) {
            this.file = new LocalOutputFile(path);
        }

        @Override
        public org.apache.parquet.io.PositionOutputStream create(long blockSizeHint) throws IOException {
            stream = file.create(blockSizeHint);
            return stream;
        }

        @Override
        public org.apache.parquet.io.PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
            stream = file.createOrOverwrite(blockSizeHint);
            return stream;
        }

        @Override
        public boolean supportsBlockSize() {
            return file.supportsBlockSize();
        }

        @Override
        public long defaultBlockSize() {
            return file.defaultBlockSize();
        }

        @Override
        public String getPath() {
            return file.getPath();
        }

        void closeStream() {
            if (stream != null) {
                try {
                    stream.close();
                } catch (IOException | RuntimeException e) {
                    // closing is all that is wanted; the bytes are being thrown away
                }
            }
        }
    }
}
