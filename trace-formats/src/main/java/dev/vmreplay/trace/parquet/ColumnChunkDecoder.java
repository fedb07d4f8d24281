package dev.vmreplay.trace.parquet;

import dev.vmreplay.trace.TraceColumn;
import dev.vmreplay.trace.TraceFormatException;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Decodes one column chunk page by page straight into a primitive array: the part of parquet-mr's
 * {@code ColumnReaderImpl} a flat, non-null integer column needs, without a converter call per value.
 * Handles data pages V1 and V2, plain, delta and dictionary encodings (whatever parquet-mr decodes),
 * definition levels of OPTIONAL columns (a null is an error naming the row), and narrowing from
 * INT64 with a range check.
 */
final class ColumnChunkDecoder {
    private final Path file;
    private final int rowGroup;
    private final String column;
    private final ColumnDescriptor descriptor;
    private final TraceColumn.Type target;
    private final boolean physicalInt64;
    private final int maxDefinitionLevel;
    private final PageReader pages;
    private final Dictionary dictionary;

    /** Dictionary entries as longs, indexed by id (null when the chunk has no dictionary). */
    private final long[] dictionaryValues;

    private ValuesReader values;
    private LevelReader definitionLevels;
    private int pageRemaining;
    /** When the current page is dictionary-encoded: its values, decoded at page load; else null. */
    private long[] pageValues;
    private int pageValuePos;
    private int[] ids = new int[0];
    private long[] decodedPage = new long[0];
    /** Row (within the file) of the next value to decode. */
    private long nextRow;

    ColumnChunkDecoder(Path file, int rowGroup, long firstRow, String column, ColumnDescriptor descriptor,
                       TraceColumn.Type target, PageReader pages) {
        this.file = file;
        this.rowGroup = rowGroup;
        this.nextRow = firstRow;
        this.column = column;
        this.descriptor = descriptor;
        this.target = target;
        this.physicalInt64 = descriptor.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT64;
        this.maxDefinitionLevel = descriptor.getMaxDefinitionLevel();
        this.pages = pages;
        DictionaryPage dictionaryPage = pages.readDictionaryPage();
        if (dictionaryPage == null) {
            this.dictionary = null;
            this.dictionaryValues = null;
        } else {
            try {
                this.dictionary = dictionaryPage.getEncoding().initDictionary(descriptor, dictionaryPage);
            } catch (IOException e) {
                throw error(nextRow, "cannot decode the dictionary page: " + e.getMessage(), e);
            }
            int size = dictionary.getMaxId() + 1;
            this.dictionaryValues = new long[size];
            for (int id = 0; id < size; id++) {
                dictionaryValues[id] = physicalInt64 ? dictionary.decodeToLong(id) : dictionary.decodeToInt(id);
            }
        }
    }

    /** Decodes the next {@code n} values into {@code dst[offset, offset + n)}. */
    void read(Object dst, int offset, int n) {
        int done = 0;
        while (done < n) {
            if (pageRemaining == 0) {
                nextPage();
            }
            int k = Math.min(n - done, pageRemaining);
            if (pageValues != null) {
                copyDecoded(dst, offset + done, k);
            } else {
                decode(dst, offset + done, k);
            }
            pageRemaining -= k;
            done += k;
            nextRow += k;
        }
    }

    /** Fails unless every value of the chunk was consumed (no value beyond the row group's row count). */
    void finish() {
        if (pageRemaining != 0 || pages.readPage() != null) {
            throw error(nextRow, "column chunk holds more values than the row group's row count", null);
        }
    }

    /** Checks a whole page's definition levels at page load: a null anywhere names its row. */
    private void checkNoNulls(int count) {
        final LevelReader levels = definitionLevels;
        final int max = maxDefinitionLevel;
        try {
            for (int i = 0; i < count; i++) {
                if (levels.next() < max) {
                    throw error(nextRow + i, "null value; every trace column must be set in every row", null);
                }
            }
        } catch (IOException e) {
            throw error(nextRow, "cannot decode definition levels: " + e.getMessage(), e);
        }
    }

    /** Copies {@code k} values of the decoded dictionary page, narrowing with range checks. */
    private void copyDecoded(Object dst, int off, int k) {
        final long[] src = pageValues;
        final int from = pageValuePos;
        switch (target) {
            case INT64 -> System.arraycopy(src, from, (long[]) dst, off, k);
            case INT32 -> {
                int[] a = (int[]) dst;
                for (int i = 0; i < k; i++) {
                    long x = src[from + i];
                    if (x != (int) x) {
                        throw error(nextRow + i, "value " + x + " does not fit int32", null);
                    }
                    a[off + i] = (int) x;
                }
            }
            case INT8 -> {
                byte[] a = (byte[]) dst;
                for (int i = 0; i < k; i++) {
                    long x = src[from + i];
                    if (x != (byte) x) {
                        throw error(nextRow + i, "value " + x + " does not fit int8", null);
                    }
                    a[off + i] = (byte) x;
                }
            }
            default -> throw new IllegalStateException(target.toString());
        }
        pageValuePos += k;
    }

    /** Decodes a whole DELTA_BINARY_PACKED page into {@link #pageValues}. */
    private void decodeDeltaPage(java.nio.ByteBuffer data, int count) {
        byte[] bytes;
        int from;
        if (data.hasArray()) {
            bytes = data.array();
            from = data.arrayOffset() + data.position();
        } else {
            bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            from = 0;
        }
        try {
            decodedPage = DeltaLongDecoder.decode(bytes, from, from + data.remaining(), decodedPage, count);
        } catch (IllegalStateException e) {
            throw error(nextRow, "cannot decode delta page (file corrupt): " + e.getMessage(), e);
        }
        pageValues = decodedPage;
        pageValuePos = 0;
    }

    /** Decodes a whole dictionary-encoded page (bit width byte, then hybrid ids) into {@link #pageValues}. */
    private void decodeDictionaryPage(java.nio.ByteBuffer data, int count) {
        if (dictionaryValues == null) {
            throw error(nextRow, "dictionary-encoded page without a dictionary page (file corrupt)", null);
        }
        if (ids.length < count + 8) {
            ids = new int[count + 8];
        }
        if (decodedPage.length < count) {
            decodedPage = new long[count];
        }
        int bitWidth = data.get(data.position()) & 0xff;
        data.position(data.position() + 1);
        HybridIdDecoder.decode(data, bitWidth, ids, count);
        final long[] dict = dictionaryValues;
        final int[] id = ids;
        final long[] out = decodedPage;
        for (int i = 0; i < count; i++) {
            int x = id[i];
            if (x < 0 || x >= dict.length) {
                throw error(nextRow + i, "dictionary id " + x + " outside the dictionary of " + dict.length
                        + " entries (file corrupt)", null);
            }
            out[i] = dict[x];
        }
        pageValues = out;
        pageValuePos = 0;
    }

    private void decode(Object dst, int off, int k) {
        final ValuesReader v = values;
        final int end = off + k;
        switch (target) {
            case INT64 -> {
                long[] a = (long[]) dst;
                if (physicalInt64) {
                    for (int i = off; i < end; i++) {
                        a[i] = v.readLong();
                    }
                } else {
                    for (int i = off; i < end; i++) {
                        a[i] = v.readInteger();
                    }
                }
            }
            case INT32 -> {
                int[] a = (int[]) dst;
                if (physicalInt64) {
                    for (int i = off; i < end; i++) {
                        long x = v.readLong();
                        if (x != (int) x) {
                            throw error(nextRow + i - off, "value " + x + " does not fit int32", null);
                        }
                        a[i] = (int) x;
                    }
                } else {
                    for (int i = off; i < end; i++) {
                        a[i] = v.readInteger();
                    }
                }
            }
            case INT8 -> {
                byte[] a = (byte[]) dst;
                for (int i = off; i < end; i++) {
                    long x = physicalInt64 ? v.readLong() : v.readInteger();
                    if (x != (byte) x) {
                        throw error(nextRow + i - off, "value " + x + " does not fit int8", null);
                    }
                    a[i] = (byte) x;
                }
            }
            default -> throw new IllegalStateException(target.toString());
        }
    }

    private void nextPage() {
        DataPage page = pages.readPage();
        if (page == null) {
            throw error(nextRow, "column chunk ends before the row group's row count (file truncated or corrupt)", null);
        }
        try {
            pageRemaining = page.accept(new DataPage.Visitor<Integer>() {
                @Override
                public Integer visit(DataPageV1 p) {
                    try {
                        int count = p.getValueCount();
                        ByteBufferInputStream in = p.getBytes().toInputStream();
                        ValuesReader rl = p.getRlEncoding().getValuesReader(descriptor, ValuesType.REPETITION_LEVEL);
                        ValuesReader dl = p.getDlEncoding().getValuesReader(descriptor, ValuesType.DEFINITION_LEVEL);
                        rl.initFromPage(count, in);
                        dl.initFromPage(count, in);
                        definitionLevels = dl::readInteger;
                        if (maxDefinitionLevel > 0) {
                            checkNoNulls(count);
                        }
                        startValues(p.getValueEncoding(), count, in);
                        return count;
                    } catch (IOException e) {
                        throw new PageException(e);
                    }
                }

                @Override
                public Integer visit(DataPageV2 p) {
                    try {
                        int count = p.getValueCount();
                        if (maxDefinitionLevel > 0) {
                            RunLengthBitPackingHybridDecoder d = new RunLengthBitPackingHybridDecoder(
                                    BytesUtils.getWidthFromMaxInt(maxDefinitionLevel), p.getDefinitionLevels().toInputStream());
                            definitionLevels = d::readInt;
                            checkNoNulls(count);
                        }
                        startValues(p.getDataEncoding(), count, p.getData().toInputStream());
                        return count;
                    } catch (IOException e) {
                        throw new PageException(e);
                    }
                }
            });
        } catch (PageException e) {
            throw error(nextRow, "cannot decode page: " + e.getCause().getMessage(), e.getCause());
        }
        if (pageRemaining <= 0) {
            throw error(nextRow, "page with " + pageRemaining + " values (file corrupt)", null);
        }
    }

    private void startValues(Encoding encoding, int count, ByteBufferInputStream in) throws IOException {
        if (encoding == Encoding.RLE_DICTIONARY || encoding == Encoding.PLAIN_DICTIONARY) {
            values = null;
            decodeDictionaryPage(in.slice(in.available()).order(java.nio.ByteOrder.LITTLE_ENDIAN), count);
        } else if (encoding == Encoding.DELTA_BINARY_PACKED) {
            values = null;
            decodeDeltaPage(in.slice(in.available()), count);
        } else {
            pageValues = null;
            values = valuesReader(encoding);
            values.initFromPage(count, in);
        }
    }

    private ValuesReader valuesReader(Encoding encoding) {
        if (encoding.usesDictionary()) {
            if (dictionary == null) {
                throw error(nextRow, "dictionary-encoded page without a dictionary page (file corrupt)", null);
            }
            return encoding.getDictionaryBasedValuesReader(descriptor, ValuesType.VALUES, dictionary);
        }
        return encoding.getValuesReader(descriptor, ValuesType.VALUES);
    }

    TraceFormatException error(long row, String rule, Throwable cause) {
        return new TraceFormatException(file, rowGroup, row, column, rule, cause);
    }

    @FunctionalInterface
    private interface LevelReader {
        int next() throws IOException;
    }

    private static final class PageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PageException(IOException cause) {
            super(cause);
        }
    }
}
