package dev.vmreplay.trace.parquet;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;

/**
 * Bulk decoder of Parquet's RLE / bit-packed hybrid encoding, as used for dictionary ids in
 * RLE_DICTIONARY / PLAIN_DICTIONARY data pages: a whole page into an {@code int[]} in one call,
 * working on the page's {@link ByteBuffer} directly. parquet-mr's own decoder returns one value per
 * call through a {@code DataInputStream}, which dominated scan profiles.
 */
final class HybridIdDecoder {
    private HybridIdDecoder() {
    }

    /**
     * Decodes {@code count} values into {@code out[0, count)}; {@code out} must hold
     * {@code count + 8} (a bit-packed group always unpacks 8 values).
     *
     * @throws IllegalStateException when the bytes run out or a header is malformed
     */
    static void decode(ByteBuffer page, int bitWidth, int[] out, int count) {
        if (bitWidth < 0 || bitWidth > 32) {
            throw new IllegalStateException("bad dictionary id bit width " + bitWidth);
        }
        ByteBuffer in = page;
        BytePacker packer = Packer.LITTLE_ENDIAN.newBytePacker(bitWidth);
        int valueBytes = (bitWidth + 7) / 8;
        int n = 0;
        int pos = in.position();
        final int limit = in.limit();
        while (n < count) {
            // ULEB128 run header
            int header = 0;
            int shift = 0;
            int b;
            do {
                if (pos >= limit || shift > 28) {
                    throw new IllegalStateException("dictionary ids end after " + n + " of " + count + " values");
                }
                b = in.get(pos++) & 0xff;
                header |= (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            if ((header & 1) == 0) {
                int run = header >>> 1;
                if (pos + valueBytes > limit) {
                    throw new IllegalStateException("dictionary ids end inside a run");
                }
                int value = 0;
                for (int i = 0; i < valueBytes; i++) {
                    value |= (in.get(pos++) & 0xff) << (8 * i);
                }
                int end = (int) Math.min(count, (long) n + run);
                Arrays.fill(out, n, end, value);
                n = end;
            } else {
                int groups = header >>> 1;
                for (int g = 0; g < groups && n < count; g++) {
                    if (pos + bitWidth > limit) {
                        throw new IllegalStateException("dictionary ids end inside a bit-packed run");
                    }
                    packer.unpack8Values(in, pos, out, n);
                    pos += bitWidth;
                    n += 8;
                }
            }
        }
    }
}
