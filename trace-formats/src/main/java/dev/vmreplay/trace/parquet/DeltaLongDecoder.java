package dev.vmreplay.trace.parquet;

import org.apache.parquet.column.values.bitpacking.BytePackerForLong;
import org.apache.parquet.column.values.bitpacking.Packer;

/**
 * Bulk decoder of DELTA_BINARY_PACKED pages (Parquet spec, "Delta Encoding"): a whole page into a
 * {@code long[]} in one call, unpacking miniblocks from a {@code byte[]} with parquet-mr's generated
 * packers. parquet-mr's reader unpacks from a {@code ByteBuffer} one byte call at a time, which was
 * the largest cost of a scan. INT32 pages decode the same way; their values are the low 32 bits.
 */
final class DeltaLongDecoder {
    private static final BytePackerForLong[] PACKERS = new BytePackerForLong[65];

    static {
        for (int w = 0; w <= 64; w++) {
            PACKERS[w] = Packer.LITTLE_ENDIAN.newBytePackerForLong(w);
        }
    }

    private final byte[] buf;
    private int pos;
    private final int limit;

    private DeltaLongDecoder(byte[] buf, int pos, int limit) {
        this.buf = buf;
        this.pos = pos;
        this.limit = limit;
    }

    /**
     * Decodes {@code count} values from {@code buf[pos, limit)} into {@code [0, count)} of
     * {@code out}, or of a larger array when {@code out} cannot hold the page plus one miniblock
     * (miniblocks unpack whole).
     *
     * @return the array holding the values
     * @throws IllegalStateException when the page is malformed or shorter than {@code count} values
     */
    static long[] decode(byte[] buf, int pos, int limit, long[] out, int count) {
        return new DeltaLongDecoder(buf, pos, limit).run(out, count);
    }

    private long[] run(long[] out, int count) {
        long blockSize = uleb();
        long miniblocks = uleb();
        long total = uleb();
        long value = zigzag(uleb());
        if (blockSize <= 0 || blockSize % 128 != 0 || miniblocks <= 0 || blockSize % miniblocks != 0
                || (blockSize / miniblocks) % 8 != 0 || blockSize > 1 << 20) {
            throw new IllegalStateException("bad delta header: block size " + blockSize + ", miniblocks " + miniblocks);
        }
        if (total < count) {
            throw new IllegalStateException("delta page holds " + total + " values, page header says " + count);
        }
        int perMiniblock = (int) (blockSize / miniblocks);
        if (out.length < count + perMiniblock) {
            out = new long[count + perMiniblock];
        }
        if (count == 0) {
            return out;
        }
        out[0] = value;
        int n = 1;
        while (n < count) {
            long minDelta = zigzag(uleb());
            int widthsAt = pos;
            pos += (int) miniblocks;
            check(pos);
            for (int m = 0; m < miniblocks && n < count; m++) {
                int width = buf[widthsAt + m] & 0xff;
                if (width > 64) {
                    throw new IllegalStateException("bad miniblock bit width " + width);
                }
                BytePackerForLong packer = PACKERS[width];
                int bytes = perMiniblock / 8 * width;
                check(pos + bytes);
                if (width == 0) {
                    // every delta equals minDelta; the width-0 packer leaves its output untouched
                    java.util.Arrays.fill(out, n, n + perMiniblock, 0L);
                } else {
                    for (int g = 0; g < perMiniblock; g += 8) {
                        packer.unpack8Values(buf, pos + g / 8 * width, out, n + g);
                    }
                }
                pos += bytes;
                int end = Math.min(count, n + perMiniblock);
                for (int i = n; i < end; i++) {
                    value += minDelta + out[i];
                    out[i] = value;
                }
                n = end;
            }
        }
        return out;
    }

    private void check(int end) {
        if (end > limit) {
            throw new IllegalStateException("delta page ends early (" + end + " > " + limit + ")");
        }
    }

    private long uleb() {
        long v = 0;
        int shift = 0;
        while (true) {
            if (pos >= limit || shift > 63) {
                throw new IllegalStateException("delta page ends inside a varint");
            }
            int b = buf[pos++] & 0xff;
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
            shift += 7;
        }
    }

    private static long zigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }
}
