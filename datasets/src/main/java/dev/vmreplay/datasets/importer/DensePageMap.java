package dev.vmreplay.datasets.importer;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps sparse process page numbers onto a dense guest-physical range by rank: the i-th smallest
 * distinct unit (4 KiB page, or 2 MiB block with {@link PageMapping#BLOCK_2M}) becomes guest unit i,
 * a page keeping its place inside its block. Order-preserving, so pages adjacent in the process stay
 * adjacent in the guest (an access straddling two pages still lands on two consecutive pages) and
 * the contiguous runs of the recording are kept; only the gaps between them are closed.
 */
final class DensePageMap {
    /** Runs listed one by one in the provenance summary; the rest are counted. */
    static final int RUNS_LISTED = 32;

    private final long[] sortedUnits;
    private final int shift;
    private final PageMapping mapping;

    /** @param distinctUnits distinct units: page numbers shifted right by the mapping's block shift */
    DensePageMap(LongOpenHashSet distinctUnits, PageMapping mapping) {
        sortedUnits = distinctUnits.toLongArray();
        Arrays.sort(sortedUnits);
        this.mapping = mapping;
        this.shift = mapping.blockShift();
    }

    DensePageMap(LongOpenHashSet distinctPages) {
        this(distinctPages, PageMapping.PAGE);
    }

    /** Distinct units mapped. */
    int size() {
        return sortedUnits.length;
    }

    /** Guest page of a process page whose unit was in the set. */
    long rank(long page) {
        int r = Arrays.binarySearch(sortedUnits, page >>> shift);
        if (r < 0) {
            throw new IllegalStateException("page " + page + " was not seen in the first pass");
        }
        return ((long) r << shift) | (page & ((1L << shift) - 1));
    }

    /** Guest byte address of a unit's start, or -1 when the unit is not mapped. */
    long unitGpa(long unit) {
        int r = Arrays.binarySearch(sortedUnits, unit);
        return r < 0 ? -1 : ((long) r << shift) * 4096L;
    }

    private long mappedBytes() {
        return ((long) sortedUnits.length << shift) * 4096L;
    }

    /** Smallest memory that holds every mapped unit, rounded up to 2 MiB. */
    long minimumMemoryBytes() {
        long bytes = Math.max(4096L, mappedBytes());
        long twoMib = 2L << 20;
        return (bytes + twoMib - 1) / twoMib * twoMib;
    }

    /** Memory for the manifest: the user's size if it holds every page, else an error naming both. */
    long memoryBytes(long requested) {
        if (requested == 0) {
            return minimumMemoryBytes();
        }
        if (requested < mappedBytes()) {
            throw new IllegalArgumentException("--memory " + requested + " bytes is smaller than the "
                    + sortedUnits.length + " distinct " + (shift == 0 ? "pages" : "2MiB blocks") + " ("
                    + mappedBytes() + " bytes) of the input");
        }
        return requested;
    }

    /** The mapping in a few lines: method, counts, address span and the contiguous runs. */
    Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("method", shift == 0
                ? "rank of distinct 4KiB page, order-preserving (guest page i = i-th smallest source page)"
                : "rank of distinct 2MiB block, order-preserving, page offset inside the block kept");
        out.put("mapping", mapping.cliName());
        out.put(shift == 0 ? "distinct_pages" : "distinct_blocks", sortedUnits.length);
        if (sortedUnits.length == 0) {
            return out;
        }
        out.put("source_page_min", sortedUnits[0] << shift);
        out.put("source_page_max", (sortedUnits[sortedUnits.length - 1] << shift) + (1L << shift) - 1);
        List<Map<String, Object>> runs = new ArrayList<>();
        long runCount = 0;
        int runStart = 0;
        for (int i = 1; i <= sortedUnits.length; i++) {
            if (i == sortedUnits.length || sortedUnits[i] != sortedUnits[i - 1] + 1) {
                runCount++;
                if (runs.size() < RUNS_LISTED) {
                    Map<String, Object> run = new LinkedHashMap<>();
                    run.put("source_page", sortedUnits[runStart] << shift);
                    run.put("pages", (long) (i - runStart) << shift);
                    run.put("gpa", ((long) runStart << shift) * 4096L);
                    runs.add(run);
                }
                runStart = i;
            }
        }
        out.put("runs", runCount);
        out.put("runs_listed", runs);
        return out;
    }
}
