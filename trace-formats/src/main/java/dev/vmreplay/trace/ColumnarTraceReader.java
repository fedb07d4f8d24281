package dev.vmreplay.trace;

import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * A trace of either kind over any {@link ColumnarSource}: manifest resolution, reading batch by batch,
 * row validation, and the check that the rows read are the rows the file records.
 * {@link ColumnarMemoryTraceReader} and {@link ColumnarIoTraceReader} are the two kinds; they differ
 * in how a file without a manifest is sized.
 *
 * @param <B> the kind's batch
 */
abstract class ColumnarTraceReader<B extends TraceBatch<B>> implements TraceReader<B> {
    final ColumnarSource source;
    private final VmManifest manifest;
    private final int batchRows;
    private long lastTimeNanos = Long.MIN_VALUE;
    private long rowsRead;

    /**
     * @param opener opens the file; called once for reading and, when the file holds no manifest
     *     and no metadata bounds, once more by {@code extent} to scan the data
     * @param extent the data's extent for an assumed manifest, from the open source (its metadata)
     *     or, failing that, a scan of a second one from {@code opener}
     */
    ColumnarTraceReader(Supplier<ColumnarSource> opener, ReadOptions options, TraceKind kind,
                        BiFunction<ColumnarSource, Supplier<ColumnarSource>, ManifestResolver.DataExtent> extent) {
        this.source = opener.get();
        this.batchRows = options.batchRows();
        try {
            this.manifest = ManifestResolver.resolve(source.file(), source.storedManifestJson(), kind, options,
                    () -> extent.apply(source, opener));
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    @Override
    public VmManifest manifest() {
        return manifest;
    }

    @Override
    public long rowCount() {
        return source.rowCount();
    }

    @Override
    public Path path() {
        return source.file();
    }

    @Override
    public boolean next(B batch) {
        batch.clear();
        batch.ensureCapacity(batchRows);
        int n = source.read(batch.columnArrays(), batchRows);
        if (n == 0) {
            if (rowsRead != source.rowCount()) {
                throw new TraceFormatException(source.file(), -1, rowsRead, null, "read " + rowsRead
                        + " rows but the file records " + source.rowCount() + " (file corrupt)");
            }
            return false;
        }
        batch.setSize(n);
        lastTimeNanos = batch.validate(source.file(), source.lastReadGroup(), source.lastReadFirstRow(), manifest,
                lastTimeNanos);
        rowsRead += n;
        return true;
    }

    @Override
    public void close() {
        source.close();
    }
}
