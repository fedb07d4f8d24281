package dev.vmreplay.engine.source;

/**
 * One int version per 4 KiB page, in chunks of {@value #CHUNK_PAGES} pages allocated on first
 * write: memory is O(touched chunks), so a 1 TiB guest with a sparse trace costs a few MiB. A page
 * in a chunk never written has version 0 (its content at trace start).
 */
public final class PageVersions {
    static final int CHUNK_SHIFT = 16;
    static final int CHUNK_PAGES = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK_PAGES - 1;

    private final int[][] chunks;
    private final long pages;

    public PageVersions(long pages) {
        this.pages = pages;
        this.chunks = new int[(int) ((pages + CHUNK_PAGES - 1) >>> CHUNK_SHIFT)][];
    }

    public int get(long page) {
        int[] c = chunks[(int) (page >>> CHUNK_SHIFT)];
        return c == null ? 0 : c[(int) (page & CHUNK_MASK)];
    }

    /** Bumps the page's version (a write). */
    public void increment(long page) {
        int ci = (int) (page >>> CHUNK_SHIFT);
        int[] c = chunks[ci];
        if (c == null) {
            c = new int[CHUNK_PAGES];
            chunks[ci] = c;
        }
        c[(int) (page & CHUNK_MASK)]++;
    }

    public void set(long page, int version) {
        int ci = (int) (page >>> CHUNK_SHIFT);
        int[] c = chunks[ci];
        if (c == null) {
            if (version == 0) {
                return;
            }
            c = new int[CHUNK_PAGES];
            chunks[ci] = c;
        }
        c[(int) (page & CHUNK_MASK)] = version;
    }

    /** Copies {@code page}'s version from {@code source} (a send). */
    public void copyFrom(PageVersions source, long page) {
        set(page, source.get(page));
    }

    /**
     * The first page at or after 0 whose version differs from {@code other}'s, or -1 when all are equal.
     */
    public long firstMismatch(PageVersions other) {
        for (int ci = 0; ci < chunks.length; ci++) {
            int[] a = chunks[ci];
            int[] b = other.chunks[ci];
            if (a == b) {
                continue;
            }
            long base = (long) ci << CHUNK_SHIFT;
            int n = (int) Math.min(CHUNK_PAGES, pages - base);
            for (int i = 0; i < n; i++) {
                int va = a == null ? 0 : a[i];
                int vb = b == null ? 0 : b[i];
                if (va != vb) {
                    return base + i;
                }
            }
        }
        return -1;
    }

    /** Bytes of heap held by allocated chunks. */
    public long heapBytes() {
        long n = 16L + 8L * chunks.length;
        for (int[] c : chunks) {
            if (c != null) {
                n += 4L * CHUNK_PAGES;
            }
        }
        return n;
    }
}
