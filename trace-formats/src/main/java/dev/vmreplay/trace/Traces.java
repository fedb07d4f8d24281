package dev.vmreplay.trace;

import dev.vmreplay.trace.arrow.ArrowColumnarReader;
import dev.vmreplay.trace.arrow.ArrowColumnarWriter;
import dev.vmreplay.trace.parquet.ParquetColumnarReader;
import dev.vmreplay.trace.parquet.ParquetColumnarWriter;
import dev.vmreplay.trace.parquet.ParquetFooters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Entry point for opening and creating trace files. The storage format is detected from the
 * file's magic bytes when reading ({@code PAR1} or {@code ARROW1}) and chosen from the extension
 * when writing ({@code .arrow}/{@code .feather} = Arrow IPC, anything else Parquet).
 *
 * <p>Errors: bad trace data (including a missing, truncated or foreign file) throws
 * {@link TraceFormatException}; failures writing the output throw {@link java.io.UncheckedIOException}.
 */
public final class Traces {
    private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};
    private static final byte[] ARROW_MAGIC = {'A', 'R', 'R', 'O', 'W', '1'};

    private Traces() {
    }

    /** Opens a memory access trace, validating schema and manifest up front and rows as they stream. */
    public static MemoryTraceReader openMemory(Path file, ReadOptions options) {
        StorageFormat format = detectFormat(file);
        return new ColumnarMemoryTraceReader(() -> openColumns(file, format, TraceKind.MEMORY), options);
    }

    /** Opens a memory access trace with default options. */
    public static MemoryTraceReader openMemory(Path file) {
        return openMemory(file, ReadOptions.defaults());
    }

    /** Opens an IO trace. */
    public static IoTraceReader openIo(Path file, ReadOptions options) {
        StorageFormat format = detectFormat(file);
        return new ColumnarIoTraceReader(() -> openColumns(file, format, TraceKind.IO), options);
    }

    /** The file's trace columns without manifest handling or row checks (for converters and tools). */
    public static ColumnarSource openColumns(Path file, StorageFormat format, TraceKind kind) {
        return switch (format) {
            case PARQUET -> new ParquetColumnarReader(file, kind);
            case ARROW_IPC -> new ArrowColumnarReader(file, kind);
        };
    }

    /** Opens an IO trace with default options. */
    public static IoTraceReader openIo(Path file) {
        return openIo(file, ReadOptions.defaults());
    }

    /**
     * Reads only the schema to tell a memory trace from an IO trace.
     *
     * @throws TraceFormatException when the columns match neither schema
     */
    public static TraceKind detectKind(Path file) {
        java.util.List<String> names = switch (detectFormat(file)) {
            case PARQUET -> ParquetFooters.columnNames(file);
            case ARROW_IPC -> ArrowColumnarReader.columnNames(file);
        };
        TraceKind kind = TraceSchema.kindOf(names);
        if (kind == null) {
            throw TraceFormatException.ofFile(file, "columns " + names + " match neither the memory trace schema "
                    + "(t_ns, vcpu, gpa, len, op) nor the IO trace schema (t_ns, queue, req_id, op, offset, len, service_ns)", null);
        }
        return kind;
    }

    /** Storage format from magic bytes. */
    public static StorageFormat detectFormat(Path file) {
        byte[] head = new byte[8];
        int n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (n < head.length) {
                int r = in.read(head, n, head.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (NoSuchFileException e) {
            throw TraceFormatException.ofFile(file, "no such file", e);
        } catch (IOException e) {
            throw TraceFormatException.ofFile(file, "cannot read: " + e.getMessage(), e);
        }
        if (n == 0) {
            throw TraceFormatException.ofFile(file, "empty file, not a trace", null);
        }
        if (n >= 4 && Arrays.equals(head, 0, 4, PARQUET_MAGIC, 0, 4)) {
            return StorageFormat.PARQUET;
        }
        if (n >= 6 && Arrays.equals(head, 0, 6, ARROW_MAGIC, 0, 6)) {
            return StorageFormat.ARROW_IPC;
        }
        if (n >= 4 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xff && (head[2] & 0xff) == 0xff
                && (head[3] & 0xff) == 0xff) {
            throw TraceFormatException.ofFile(file, "Arrow IPC stream format is not supported; write the Arrow IPC file "
                    + "format (pyarrow.ipc.new_file / feather v2) or Parquet", null);
        }
        throw TraceFormatException.ofFile(file, "not a Parquet or Arrow IPC file (no PAR1 or ARROW1 magic at the start)", null);
    }

    /**
     * Storage format a new file gets from its name: {@code .arrow} and {@code .feather} (Feather v2
     * is the Arrow IPC file format) = Arrow IPC, anything else Parquet.
     *
     * @throws IllegalArgumentException for {@code .arrows}, the Arrow IPC stream format, which
     *     cannot be memory-mapped and is not supported
     */
    public static StorageFormat formatForName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".arrows")) {
            throw new IllegalArgumentException("output " + file + ": the Arrow IPC stream format (.arrows) is not supported; "
                    + "use .arrow (Arrow IPC file format) or .parquet");
        }
        if (name.endsWith(".arrow") || name.endsWith(".feather")) {
            return StorageFormat.ARROW_IPC;
        }
        return StorageFormat.PARQUET;
    }

    /**
     * Creates a memory trace writer (temporary file renamed on commit). The manifest is stored in
     * the file unless it is {@linkplain VmManifest#assumed() assumed}: then the file holds none, and
     * readers assume one again (so "no manifest" survives a conversion).
     */
    public static MemoryTraceWriter createMemory(Path file, VmManifest manifest) {
        return createMemory(file, manifest, WriteOptions.defaults());
    }

    /** Creates a memory trace writer with explicit options. */
    public static MemoryTraceWriter createMemory(Path file, VmManifest manifest, WriteOptions options) {
        return ColumnarTraceWriters.memory(createColumns(file, TraceKind.MEMORY, manifest, options), file, manifest);
    }

    /** Creates an IO trace writer (temporary file renamed on commit). */
    public static IoTraceWriter createIo(Path file, VmManifest manifest) {
        return createIo(file, manifest, WriteOptions.defaults());
    }

    /** Creates an IO trace writer with explicit options. */
    public static IoTraceWriter createIo(Path file, VmManifest manifest, WriteOptions options) {
        return ColumnarTraceWriters.io(createColumns(file, TraceKind.IO, manifest, options), file, manifest);
    }

    /** A raw column sink in the format the file name asks for (no row checks). */
    public static ColumnarSink createColumns(Path file, TraceKind kind, VmManifest manifest, WriteOptions options) {
        return switch (formatForName(file)) {
            case PARQUET -> new ParquetColumnarWriter(file, kind, manifest, options);
            case ARROW_IPC -> new ArrowColumnarWriter(file, kind, manifest, options);
        };
    }

    /**
     * Refuses a memory trace without rows where one is replayed: it would replay as an idle guest
     * (and {@code trace.end=loop} would have nothing to loop), which no recording means.
     *
     * @param rows the trace's row count (the footer's, or rows read)
     */
    public static void requireRows(Path file, long rows) {
        if (rows <= 0) {
            throw TraceFormatException.ofFile(file, "the trace has no rows: nothing to replay", null);
        }
    }
}
