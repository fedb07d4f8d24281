package dev.vmreplay.engine.destination;

import dev.vmreplay.trace.LargePageRange;
import dev.vmreplay.trace.VmManifest;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The source's large pages (manifest {@code large_pages}) numbered {@code 0..count()-1} in address
 * order, and which of them the destination managed to back with a large page of the same size.
 *
 * <p>Availability: exactly {@code round(availability * count())} large pages are backed; which ones
 * is a uniform choice drawn with selection sampling (Knuth, TAOCP vol. 2, Algorithm S) from a
 * {@link SplittableRandom} seeded with the spec's seed, so the same seed backs the same pages.
 * A fixed count rather than an independent coin per page keeps the backed share equal to the
 * configured availability on small guests too.
 */
final class LargePageLayout {
    private final long[] rangeFirstPage;
    private final long[] rangeEndPage;
    /** log2 of small pages per large page in the range: 9 (2 MiB) or 18 (1 GiB). */
    private final int[] rangeShift;
    private final int[] rangeFirstLarge;
    private final int count;
    private final long smallPagesInside;
    private final long[] backedBits;
    private final int backedCount;
    private int lastRange;

    LargePageLayout(VmManifest manifest, double availability, long seed) {
        List<LargePageRange> ranges = manifest.largePages();
        int n = ranges.size();
        rangeFirstPage = new long[n];
        rangeEndPage = new long[n];
        rangeShift = new int[n];
        rangeFirstLarge = new int[n];
        long total = 0;
        long inside = 0;
        for (int r = 0; r < n; r++) {
            LargePageRange range = ranges.get(r);
            rangeFirstPage[r] = range.gpa() / VmManifest.SMALL_PAGE_BYTES;
            rangeEndPage[r] = range.endGpa() / VmManifest.SMALL_PAGE_BYTES;
            rangeShift[r] = Long.numberOfTrailingZeros(range.pageBytes() / VmManifest.SMALL_PAGE_BYTES);
            rangeFirstLarge[r] = (int) total;
            total += range.pageCount();
            inside += range.bytes() / VmManifest.SMALL_PAGE_BYTES;
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("large_pages: more than " + Integer.MAX_VALUE + " large pages");
            }
        }
        count = (int) total;
        smallPagesInside = inside;
        backedBits = new long[(count + 63) >>> 6];
        backedCount = chooseBacked(availability, seed);
    }

    private int chooseBacked(double availability, long seed) {
        int wanted = (int) Math.round(availability * count);
        if (wanted == count) {
            for (int i = 0; i < count; i++) {
                backedBits[i >>> 6] |= 1L << i;
            }
            return count;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int chosen = 0;
        for (int i = 0; i < count && chosen < wanted; i++) {
            // Algorithm S: pick page i with probability (still wanted) / (still left).
            if (random.nextDouble() * (count - i) < wanted - chosen) {
                backedBits[i >>> 6] |= 1L << i;
                chosen++;
            }
        }
        return chosen;
    }

    /** Number of source large pages. */
    int count() {
        return count;
    }

    /** Source large pages the destination backs with one large page of the same size. */
    int backedCount() {
        return backedCount;
    }

    /** Small pages inside source large pages. */
    long smallPagesInside() {
        return smallPagesInside;
    }

    boolean isBacked(int largePage) {
        return (backedBits[largePage >>> 6] & (1L << largePage)) != 0;
    }

    /** The large page holding small page {@code page}, or -1 when it lies outside every large page. */
    int largePageOf(long page) {
        int r = lastRange;
        if (r < rangeFirstPage.length && page >= rangeFirstPage[r] && page < rangeEndPage[r]) {
            return rangeFirstLarge[r] + (int) ((page - rangeFirstPage[r]) >>> rangeShift[r]);
        }
        int lo = 0;
        int hi = rangeFirstPage.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (page < rangeFirstPage[mid]) {
                hi = mid - 1;
            } else if (page >= rangeEndPage[mid]) {
                lo = mid + 1;
            } else {
                lastRange = mid;
                return rangeFirstLarge[mid] + (int) ((page - rangeFirstPage[mid]) >>> rangeShift[mid]);
            }
        }
        return -1;
    }

    /** First small page of {@code largePage}. */
    long firstPage(int largePage) {
        int r = rangeOf(largePage);
        return rangeFirstPage[r] + ((long) (largePage - rangeFirstLarge[r]) << rangeShift[r]);
    }

    /** Small pages in {@code largePage}: 512 (2 MiB) or 262144 (1 GiB). */
    int smallPagesIn(int largePage) {
        return 1 << rangeShift[rangeOf(largePage)];
    }

    private int rangeOf(int largePage) {
        int r = lastRange; // the range of the last lookup: pages arrive in address order
        if (r < rangeFirstLarge.length && largePage >= rangeFirstLarge[r]
                && (r + 1 == rangeFirstLarge.length || largePage < rangeFirstLarge[r + 1])) {
            return r;
        }
        int lo = 0;
        int hi = rangeFirstLarge.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (rangeFirstLarge[mid] <= largePage) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
