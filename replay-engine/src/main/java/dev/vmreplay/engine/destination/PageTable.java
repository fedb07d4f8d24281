package dev.vmreplay.engine.destination;

/**
 * The destination's EPT/NPT mappings of guest memory: which exist, and how many the destination created
 * before the guest faulted on them. A mapping is one whole large page or one small page. The
 * {@link PageTablePopulation} decides when mappings are created; the host asks this table whether a
 * touch after resume finds one.
 */
final class PageTable {
    private final LargePageLayout layout;
    private final PageBitmap mappedSmall;
    private final PageBitmap mappedLarge;
    private boolean everythingMapped;
    private long mappingsCreated;

    PageTable(LargePageLayout layout, long smallPages) {
        this.layout = layout;
        this.mappedSmall = new PageBitmap(smallPages);
        this.mappedLarge = new PageBitmap(layout.count());
    }

    /** Creates small page {@code page}'s mapping; false (nothing created) when it exists already. */
    boolean mapSmall(long page) {
        if (mappedSmall.getAndSet(page)) {
            return false;
        }
        mappingsCreated++;
        return true;
    }

    /**
     * Creates large page {@code large}'s one mapping (replacing its small mappings when it was split);
     * false when it exists already.
     */
    boolean mapLarge(int large) {
        if (mappedLarge.getAndSet(large)) {
            return false;
        }
        mappingsCreated++;
        return true;
    }

    /** Maps every small page of large page {@code large} on its own; returns how many mappings that is. */
    int mapSplit(int large) {
        long first = layout.firstPage(large);
        int size = layout.smallPagesIn(large);
        mappedSmall.setRange(first, first + size);
        mappingsCreated += size;
        return size;
    }

    /** Every one of {@code mappings} mappings of guest memory is created at once (in the stun). */
    void mapEverything(long mappings) {
        everythingMapped = true;
        mappingsCreated += mappings;
    }

    /**
     * True when a touch of {@code page} finds its mapping: the whole large page {@code wholeLarge}'s, or
     * the small page's own when {@code wholeLarge} is -1.
     */
    boolean isMapped(long page, int wholeLarge) {
        if (everythingMapped) {
            return true;
        }
        return wholeLarge >= 0 ? mappedLarge.get(wholeLarge) : mappedSmall.get(page);
    }

    /** The guest faulted on the missing mapping of {@link #isMapped}: it exists from now on (not counted as created). */
    void mapOnFault(long page, int wholeLarge) {
        if (wholeLarge >= 0) {
            mappedLarge.set(wholeLarge);
        } else {
            mappedSmall.set(page);
        }
    }

    /** Mappings the destination created itself (while pages landed and in the stun), not on a fault. */
    long mappingsCreated() {
        return mappingsCreated;
    }
}
