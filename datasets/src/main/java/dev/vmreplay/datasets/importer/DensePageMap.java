package dev.vmreplay.datasets.importer;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps sparse process page numbers onto a dense guest-physical range by rank: the i-th smallest
 * distinct page becomes guest page i. Order-preserving, so pages adjacent in the process stay
 * adjacent in the guest (an access straddling two pages still lands on two consecutive pages) and
 * the contiguous runs of the recording are kept, only the gaps between them are closed.
 */
final class DensePageMap {
    /** Runs listed one by one in the provenance summary; the rest are counted. */
    static final int RUNS_LISTED = 32;

    private final long[] sortedPages;

    DensePageMap(LongOpenHashSet distinctPages) {
        sortedPages = distinctPages.toLongArray();
        Arrays.sort(sortedPages);
    }

    int size() {
        return sortedPages.length;
    }

    /** Guest page of a process page that was in the set. */
    long rank(long page) {
        int r = Arrays.binarySearch(sortedPages, page);
        if (r < 0) {
            throw new IllegalStateException("page " + page + " was not seen in the first pass");
        }
        return r;
    }

    /** Smallest memory that holds every mapped page, rounded up to 2 MiB. */
    long minimumMemoryBytes() {
        long bytes = Math.max(1, sortedPages.length) * 4096L;
        long twoMib = 2L << 20;
        return (bytes + twoMib - 1) / twoMib * twoMib;
    }

    /** Memory for the manifest: the user's size if it holds every page, else an error naming both. */
    long memoryBytes(long requested) {
        if (requested == 0) {
            return minimumMemoryBytes();
        }
        if (requested < sortedPages.length * 4096L) {
            throw new IllegalArgumentException("--memory " + requested + " bytes is smaller than the "
                    + sortedPages.length + " distinct pages (" + sortedPages.length * 4096L + " bytes) of the input");
        }
        return requested;
    }

    /** The mapping in a few lines: method, page counts, address span and the contiguous runs. */
    Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("method", "rank of distinct 4KiB page, order-preserving (guest page i = i-th smallest source page)");
        out.put("distinct_pages", sortedPages.length);
        if (sortedPages.length == 0) {
            return out;
        }
        out.put("source_page_min", sortedPages[0]);
        out.put("source_page_max", sortedPages[sortedPages.length - 1]);
        List<Map<String, Object>> runs = new ArrayList<>();
        long runCount = 0;
        int runStart = 0;
        for (int i = 1; i <= sortedPages.length; i++) {
            if (i == sortedPages.length || sortedPages[i] != sortedPages[i - 1] + 1) {
                runCount++;
                if (runs.size() < RUNS_LISTED) {
                    Map<String, Object> run = new LinkedHashMap<>();
                    run.put("source_page", sortedPages[runStart]);
                    run.put("pages", i - runStart);
                    run.put("gpa", runStart * 4096L);
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
