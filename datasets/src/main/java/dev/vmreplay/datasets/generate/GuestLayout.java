package dev.vmreplay.datasets.generate;

import dev.vmreplay.trace.LargePageRange;
import dev.vmreplay.trace.ZeroRange;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a synthetic guest's large pages and zero ranges lie. Memory is cut into 1 GiB regions (one
 * region when smaller): 2 MiB large pages fill the start of each region up to the requested share,
 * zero ranges fill its end. So a share of 50% large pages and 60% zeros yields zero pages inside
 * large pages in every region: the case where destination zero-page handling matters. The manifest
 * lists one range of each kind per region, a few hundred entries even for a 1 TiB guest.
 */
public final class GuestLayout {
    static final long REGION_BYTES = 1L << 30;

    private GuestLayout() {
    }

    /** Large-page ranges covering about {@code share} of memory; {@code pageBytes} 2 MiB or 1 GiB. */
    public static List<LargePageRange> largePages(long memoryBytes, double share, long pageBytes) {
        List<LargePageRange> out = new ArrayList<>();
        if (share <= 0) {
            return out;
        }
        if (pageBytes == LargePageRange.PAGE_1G) {
            long regions = memoryBytes / LargePageRange.PAGE_1G;
            long k = Math.round(share * regions);
            if (k > 0) {
                out.add(new LargePageRange(0, k * LargePageRange.PAGE_1G, LargePageRange.PAGE_1G));
            }
            return out;
        }
        if (pageBytes != LargePageRange.PAGE_2M) {
            throw new IllegalArgumentException("large-page-size must be 2MiB or 1GiB, was " + pageBytes + " bytes");
        }
        for (long start = 0; start < memoryBytes; start += REGION_BYTES) {
            long length = Math.min(REGION_BYTES, memoryBytes - start);
            long frames = length / LargePageRange.PAGE_2M;
            long k = Math.round(share * frames);
            if (k > 0) {
                out.add(new LargePageRange(start, k * LargePageRange.PAGE_2M, LargePageRange.PAGE_2M));
            }
        }
        return out;
    }

    /** Ranges all-zero at trace start, about {@code share} of memory, at the end of each region. */
    public static List<ZeroRange> zeroRanges(long memoryBytes, double share) {
        List<ZeroRange> out = new ArrayList<>();
        if (share <= 0) {
            return out;
        }
        for (long start = 0; start < memoryBytes; start += REGION_BYTES) {
            long length = Math.min(REGION_BYTES, memoryBytes - start);
            long bytes = ((long) (share * length)) & ~4095L;
            if (bytes > 0) {
                out.add(new ZeroRange(start + length - bytes, bytes));
            }
        }
        return out;
    }
}
