package dev.vmreplay.engine.source;

import java.util.Arrays;

/**
 * A fixed-size bitmap over 4 KiB page numbers (or granule numbers): one bit per page in a
 * {@code long[]}, 32 MiB for a 1 TiB guest. Bits at or beyond {@link #size()} are always clear.
 *
 * <p>Several bitmaps over the same pages may share one array, word by word ({@link #interleaved}):
 * word {@code k} of bitmap {@code j} sits at {@code k * stride + j}. The replay reads and writes
 * several bits of the same page on every guest write (written since sent, zero, armed, dirty); on a
 * large guest written at random each separate bitmap costs a cache miss, interleaved they share one
 * cache line.
 */
public final class Bitmap {
    private final long[] words;
    private final long size;
    private final int wordCount;
    private final int stride;
    private final int offset;
    /** Index of word 0 of the first group (interleaved bitmaps: see {@link #GROUP_PAD}). */
    private final int groupBase;

    /**
     * Words skipped at the start of an interleaved array so that its groups start on cache lines: a large
     * array starts at a G1 region boundary (the default collector allocates it as a humongous object),
     * its elements 16 bytes later, so element 6 sits at byte 64. Without it every other 32-byte group of
     * four bitmaps straddles two lines, and a write's state costs two cache misses instead of one.
     */
    private static final int GROUP_PAD = 6;

    public Bitmap(long size) {
        this(size, checkedWords(size, 1, 0), 1, 0, 0);
    }

    private Bitmap(long size, long[] words, int stride, int groupBase, int j) {
        this.size = size;
        this.words = words;
        this.wordCount = (int) ((size + 63) >>> 6);
        this.stride = stride;
        this.groupBase = groupBase;
        this.offset = groupBase + j;
    }

    /** {@code count} bitmaps of {@code size} bits sharing one array, word by word. */
    public static Bitmap[] interleaved(long size, int count) {
        if (count < 1 || count > 8) {
            throw new IllegalArgumentException("interleaved bitmaps: count must be in 1..8, was " + count);
        }
        long[] shared = checkedWords(size, count, GROUP_PAD);
        Bitmap[] maps = new Bitmap[count];
        for (int j = 0; j < count; j++) {
            maps[j] = new Bitmap(size, shared, count, GROUP_PAD, j);
        }
        return maps;
    }

    private static long[] checkedWords(long size, int count, int pad) {
        if (size < 0 || ((size + 63) >>> 6) * count > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("bitmap size out of range: " + size);
        }
        return new long[(int) (((size + 63) >>> 6) * count) + pad];
    }

    private int index(long i) {
        return (int) (i >>> 6) * stride + offset;
    }

    public long size() {
        return size;
    }

    public boolean get(long i) {
        return (words[index(i)] & (1L << i)) != 0;
    }

    public void set(long i) {
        words[index(i)] |= 1L << i;
    }

    public void clear(long i) {
        words[index(i)] &= ~(1L << i);
    }

    /** Sets bit i and returns whether it was clear before. */
    public boolean testAndSet(long i) {
        int w = index(i);
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
            words[fw * stride + offset] |= firstMask & lastMask;
            return;
        }
        words[fw * stride + offset] |= firstMask;
        fill(fw + 1, tw, -1L);
        words[tw * stride + offset] |= lastMask;
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
            words[fw * stride + offset] &= ~(firstMask & lastMask);
            return;
        }
        words[fw * stride + offset] &= ~firstMask;
        fill(fw + 1, tw, 0L);
        words[tw * stride + offset] &= ~lastMask;
    }

    /** Sets words [fromWord, toWord) to {@code value}. */
    private void fill(int fromWord, int toWord, long value) {
        if (stride == 1) {
            Arrays.fill(words, fromWord, toWord, value);
            return;
        }
        for (int w = fromWord; w < toWord; w++) {
            words[w * stride + offset] = value;
        }
    }

    public void setAll() {
        setRange(0, size);
    }

    public void clearAll() {
        fill(0, wordCount, 0L);
    }

    /** Index of the first set bit at or after {@code from}, or -1. */
    public long nextSetBit(long from) {
        if (from >= size) {
            return -1;
        }
        int w = (int) (from >>> 6);
        long word = words[w * stride + offset] & (-1L << from);
        while (true) {
            if (word != 0) {
                return ((long) w << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++w == wordCount) {
                return -1;
            }
            word = words[w * stride + offset];
        }
    }

    /** Index of the first clear bit at or after {@code from}, or -1 when none below {@link #size()}. */
    public long nextClearBit(long from) {
        if (from >= size) {
            return -1;
        }
        int w = (int) (from >>> 6);
        long word = ~words[w * stride + offset] & (-1L << from);
        while (true) {
            if (word != 0) {
                long i = ((long) w << 6) + Long.numberOfTrailingZeros(word);
                return i < size ? i : -1;
            }
            if (++w == wordCount) {
                return -1;
            }
            word = ~words[w * stride + offset];
        }
    }

    public long cardinality() {
        long n = 0;
        for (int w = 0; w < wordCount; w++) {
            n += Long.bitCount(words[w * stride + offset]);
        }
        return n;
    }

    /** this |= other; both of the same size. */
    public void or(Bitmap other) {
        long[] o = other.words;
        for (int w = 0; w < wordCount; w++) {
            words[w * stride + offset] |= o[w * other.stride + other.offset];
        }
    }

    /** this &= ~other; both of the same size. */
    public void andNot(Bitmap other) {
        long[] o = other.words;
        for (int w = 0; w < wordCount; w++) {
            words[w * stride + offset] &= ~o[w * other.stride + other.offset];
        }
    }

    /** True when every bit below {@link #size()} is set. */
    public boolean isFull() {
        return nextClearBit(0) < 0;
    }

    public boolean isEmpty() {
        return nextSetBit(0) < 0;
    }

    /**
     * Reads the first word of the groups holding the pages of {@code gpa[from, to)} (guest-physical byte addresses) and
     * returns a value depending on all of them. The loads are independent of each other, so the CPU
     * overlaps their cache misses; the per-event work that follows then finds the lines in cache. On a
     * large guest written at random this turns one serial cache miss per event into a fraction of one.
     */
    public long touchPages(long[] gpa, int from, int to) {
        long acc = 0;
        for (int k = from; k < to; k++) {
            acc += words[(int) (gpa[k] >>> 18) * stride + groupBase];
        }
        return acc;
    }

    /** Reads the first word of the group holding bit {@code i} (its cache line; see {@link #touchPages}) and returns it. */
    public long touchPage(long i) {
        return words[(int) (i >>> 6) * stride + groupBase];
    }

    /** Bytes of heap held by this bitmap's words (its share of an interleaved array). */
    public long heapBytes() {
        return 8L * wordCount;
    }
}
