package dev.vmreplay.engine.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmreplay.trace.LargePageRange;
import dev.vmreplay.trace.VmManifest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A 1 TiB guest (268M small pages, 524288 2 MiB large pages) fits the test JVM's 2 GiB heap: per-page
 * state is bitmaps, per-large-page state is int arrays. Landing one page in every 512 still allocates
 * every bitmap chunk, which is the worst case for memory.
 */
class LargeGuestTest {
    @Test
    void oneTebibyteGuestFitsInTheTestHeap() {
        long memory = 1L << 40;
        VmManifest guest = new VmManifest(memory, 64,
                List.of(new LargePageRange(0, memory, LargePageRange.PAGE_2M)), List.of(), 0, 0, Map.of(), false);
        DestinationHost host = DestinationModels.create(
                new DestinationSpec(PopulatePolicy.DURING_TRANSFER, ZeroPagePolicy.LEAVE_UNBACKED, 100, 1000, 400, 0.5, 3), guest);
        assertEquals(524288, host.sourceLargePages());
        assertEquals(262144, host.largePagesBacked());
        long pages = guest.smallPages();
        for (long page = 0; page < pages; page += 512) {
            // The first small page of every large page arrives as a zero marker.
            host.pageArrived(page, true, false, page);
        }
        host.stunWorkNanos();
        host.resume(pages);
        // Every backed large page now holds a hole; the others were never backed.
        assertEquals(1.0, host.contiguityLoss());
        for (long page = 1; page < pages; page += 512) {
            host.touchAfterResume(page, 0, pages);
        }
        assertEquals(524288, host.postResumeFaults(), "one small-page fault per touched page: nothing was mapped whole");
    }
}
