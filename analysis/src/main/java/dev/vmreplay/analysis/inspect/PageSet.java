package dev.vmreplay.analysis.inspect;

import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * A set of 4 KiB page numbers. Guests up to 16 TiB (2^32 pages) use the 32-bit RoaringBitmap, which
 * is several times faster per insert than the 64-bit one; larger guests fall back to Roaring64Bitmap.
 */
abstract class PageSet {
    private static final long INT_PAGES = 1L << 32;

    static PageSet forPageCount(long pageCount) {
        return pageCount <= INT_PAGES ? new Small() : new Large();
    }

    /** Adds pages {@code [firstPage, endPage)}. */
    abstract void addRange(long firstPage, long endPage);

    abstract void add(long page);

    /** this = this OR other; other must come from the same factory call. */
    abstract void or(PageSet other);

    abstract long cardinality();

    abstract void clear();

    private static final class Small extends PageSet {
        private final RoaringBitmap pages = new RoaringBitmap();

        @Override
        void addRange(long firstPage, long endPage) {
            pages.add(firstPage, endPage);
        }

        @Override
        void add(long page) {
            // page < 2^32: the int cast keeps the low 32 bits, which RoaringBitmap reads as unsigned
            pages.add((int) page);
        }

        @Override
        void or(PageSet other) {
            pages.or(((Small) other).pages);
        }

        @Override
        long cardinality() {
            return pages.getLongCardinality();
        }

        @Override
        void clear() {
            pages.clear();
        }
    }

    private static final class Large extends PageSet {
        private final Roaring64Bitmap pages = new Roaring64Bitmap();

        @Override
        void addRange(long firstPage, long endPage) {
            pages.addRange(firstPage, endPage);
        }

        @Override
        void add(long page) {
            pages.addLong(page);
        }

        @Override
        void or(PageSet other) {
            pages.or(((Large) other).pages);
        }

        @Override
        long cardinality() {
            return pages.getLongCardinality();
        }

        @Override
        void clear() {
            pages.clear();
        }
    }
}
