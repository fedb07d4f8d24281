package dev.vmreplay.engine.source;

import java.util.Arrays;

/**
 * A fixed-size bitmap over 4 KiB page numbers (or granule numbers): one bit per page in a
 * {@code long[]}, 32 MiB for a 1 TiB guest. Bits at or beyond {@link #size()} are always clear.
 */
public final class Bitmap {
    private final long[] words;
    private final long size;

    public Bitmap(long size) {
        if (size < 0 || (size + 63) >>> 6 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("bitmap size out of range: " + size);
        }
        this.size = size;
        this.words = new long[(int) ((size + 63) >>> 6)];
    }

    public long size() {
        return size;
    }

    public boolean get(long i) {
        return (words[(int) (i >>> 6)] & (1L << i)) != 0;
    }

    public void set(long i) {
        words[(int) (i >>> 6)] |= 1L << i;
    }

    public void clear(long i) {
        words[(int) (i >>> 6)] &= ~(1L << i);
    }

    /** Sets bit i and returns whether it was clear before. */
    public boolean testAndSet(long i) {
        int w = (int) (i >>> 6);
        long bit = 1L << i;
        long old = words[w];
        words[w] = old | bit;
        return (old & bit) == 0;
    }

    /** Sets bits [from, to). */
    public void setRange(long from, long to) {
        if (from >= to) {
            return;
        }
        int fw = (int) (from >>> 6);
        int tw = (int) ((to - 1) >>> 6);
        long firstMask = -1L << from;
        long lastMask = -1L >>> -to;
        if (fw == tw) {
            words[fw] |= firstMask & lastMask;
            return;
        }
        words[fw] |= firstMask;
        Arrays.fill(words, fw + 1, tw, -1L);
        words[tw] |= lastMask;
    }

    /** Clears bits [from, to). */
    public void clearRange(long from, long to) {
        if (from >= to) {
            return;
        }
        int fw = (int) (from >>> 6);
        int tw = (int) ((to - 1) >>> 6);
        long firstMask = -1L << from;
        long lastMask = -1L >>> -to;
        if (fw == tw) {
            words[fw] &= ~(firstMask & lastMask);
            return;
        }
        words[fw] &= ~firstMask;
        Arrays.fill(words, fw + 1, tw, 0L);
        words[tw] &= ~lastMask;
    }

    public void setAll() {
        setRange(0, size);
    }

    public void clearAll() {
        Arrays.fill(words, 0L);
    }

    /** Index of the first set bit at or after {@code from}, or -1. */
    public long nextSetBit(long from) {
        if (from >= size) {
            return -1;
        }
        int w = (int) (from >>> 6);
        long word = words[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                return ((long) w << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++w == words.length) {
                return -1;
            }
            word = words[w];
        }
    }

    /** Index of the first clear bit at or after {@code from}, or -1 when none below {@link #size()}. */
    public long nextClearBit(long from) {
        if (from >= size) {
            return -1;
        }
        int w = (int) (from >>> 6);
        long word = ~words[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                long i = ((long) w << 6) + Long.numberOfTrailingZeros(word);
                return i < size ? i : -1;
            }
            if (++w == words.length) {
                return -1;
            }
            word = ~words[w];
        }
    }

    public long cardinality() {
        long n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    /** this |= other; both of the same size. */
    public void or(Bitmap other) {
        long[] o = other.words;
        for (int i = 0; i < words.length; i++) {
            words[i] |= o[i];
        }
    }

    /** this &= ~other; both of the same size. */
    public void andNot(Bitmap other) {
        long[] o = other.words;
        for (int i = 0; i < words.length; i++) {
            words[i] &= ~o[i];
        }
    }

    /** True when every bit below {@link #size()} is set. */
    public boolean isFull() {
        return nextClearBit(0) < 0;
    }

    public boolean isEmpty() {
        return nextSetBit(0) < 0;
    }

    /** Bytes of heap held by the bit array. */
    public long heapBytes() {
        return 8L * words.length;
    }
}
