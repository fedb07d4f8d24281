package dev.vmreplay.engine.destination;

/**
 * The holes of the destination's large pages: small pages inside a backed destination large page whose
 * only arrivals so far were zero markers left unbacked. A large page holding a hole cannot be mapped
 * whole. The {@link ZeroPageHandling} makes holes; data landing on a hole later backs it (the host).
 */
final class LargePageHoles {
    private final PageBitmap holes;
    private final int[] holesInLarge;

    LargePageHoles(long smallPages, int largePages) {
        this.holes = new PageBitmap(smallPages);
        this.holesInLarge = new int[largePages];
    }

    /** The zero marker for {@code page}, inside backed large page {@code large}, was not written. */
    void leave(long page, int large) {
        holes.set(page);
        holesInLarge[large]++;
    }

    /** Data landed on {@code page} (inside backed large page {@code large}); true when it was a hole, now backed. */
    boolean back(long page, int large) {
        if (!holes.get(page)) {
            return false;
        }
        holes.clear(page);
        holesInLarge[large]--;
        return true;
    }

    /** Holes in large page {@code large} now. */
    int in(int large) {
        return holesInLarge[large];
    }
}
