package dev.vmreplay.engine.destination;

/**
 * One bit per index over a fixed range, stored in {@code long[]} chunks that are allocated on first
 * set. A 1 TiB guest (268M small pages) costs at most 32 MiB per bitmap, and nothing for the
 * chunks never touched.
 */
final class PageBitmap {
    /** 2^22 bits (16 GiB of guest memory in 4 KiB pages) per chunk, 512 KiB of longs. */
    private static final int CHUNK_BITS_SHIFT = 22;
    private static final int CHUNK_LONGS = 1 << (CHUNK_BITS_SHIFT - 6);
    private static final long IN_CHUNK_MASK = (1L << CHUNK_BITS_SHIFT) - 1;

    private final long sizeBits;
    private final long[][] chunks;

    PageBitmap(long sizeBits) {
        if (sizeBits < 0) {
            throw new IllegalArgumentException("sizeBits must be >= 0, was " + sizeBits);
        }
        this.sizeBits = sizeBits;
        long chunkCount = (sizeBits + IN_CHUNK_MASK) >>> CHUNK_BITS_SHIFT;
        if (chunkCount > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bitmap of " + sizeBits + " bits is too large");
        }
        this.chunks = new long[(int) chunkCount][];
    }

    long sizeBits() {
        return sizeBits;
    }

    boolean get(long index) {
        long[] chunk = chunks[(int) (index >>> CHUNK_BITS_SHIFT)];
        if (chunk == null) {
            return false;
        }
        int bit = (int) (index & IN_CHUNK_MASK);
        return (chunk[bit >>> 6] & (1L << bit)) != 0;
    }

    void set(long index) {
        long[] chunk = chunk(index);
        int bit = (int) (index & IN_CHUNK_MASK);
        chunk[bit >>> 6] |= 1L << bit;
    }

    /** Sets the bit and returns its previous value. */
    boolean getAndSet(long index) {
        long[] chunk = chunk(index);
        int bit = (int) (index & IN_CHUNK_MASK);
        long mask = 1L << bit;
        long word = chunk[bit >>> 6];
        chunk[bit >>> 6] = word | mask;
        return (word & mask) != 0;
    }

    void clear(long index) {
        long[] chunk = chunks[(int) (index >>> CHUNK_BITS_SHIFT)];
        if (chunk != null) {
            int bit = (int) (index & IN_CHUNK_MASK);
            chunk[bit >>> 6] &= ~(1L << bit);
        }
    }

    /** Sets every bit in {@code [fromIndex, toIndex)}. */
    void setRange(long fromIndex, long toIndex) {
        long i = fromIndex;
        while (i < toIndex && (i & 63) != 0) {
            set(i++);
        }
        while (i + 64 <= toIndex) {
            long[] chunk = chunk(i);
            chunk[(int) (i & IN_CHUNK_MASK) >>> 6] = -1L;
            i += 64;
        }
        while (i < toIndex) {
            set(i++);
        }
    }

    /** Number of set bits. */
    long cardinality() {
        long n = 0;
        for (long[] chunk : chunks) {
            if (chunk != null) {
                for (long word : chunk) {
                    n += Long.bitCount(word);
                }
            }
        }
        return n;
    }

    private long[] chunk(long index) {
        if (index < 0 || index >= sizeBits) {
            throw new IndexOutOfBoundsException("bit " + index + " outside [0, " + sizeBits + ")");
        }
        int c = (int) (index >>> CHUNK_BITS_SHIFT);
        long[] chunk = chunks[c];
        if (chunk == null) {
            chunk = new long[CHUNK_LONGS];
            chunks[c] = chunk;
        }
        return chunk;
    }
}
