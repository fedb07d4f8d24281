package dev.vmreplay.datasets.generate;

/**
 * The pages a workload writes: {@code pages} of them, index {@code i} living at guest page
 * {@link #page(long)}. Contiguous sets start at page 0; scattered ones are spread over all of
 * memory by a seeded {@link PagePermutation}.
 */
final class WorkingSet {
    private final long pages;
    private final PagePermutation scatter;

    WorkingSet(GuestSpec guest, long workingSetBytes, boolean scattered) {
        long p = workingSetBytes / GuestSpec.PAGE_BYTES;
        if (p < 1 || workingSetBytes > guest.memoryBytes()) {
            throw new IllegalArgumentException("working-set must be between 4KiB and --memory ("
                    + guest.memoryBytes() + " bytes), was " + workingSetBytes + " bytes");
        }
        pages = p;
        scatter = scattered ? new PagePermutation(guest.pages(), guest.seed() ^ 0x5CA77E4L) : null;
    }

    long pages() {
        return pages;
    }

    /** Guest page number of working-set page {@code index}. */
    long page(long index) {
        return scatter == null ? index : scatter.apply(index);
    }
}
