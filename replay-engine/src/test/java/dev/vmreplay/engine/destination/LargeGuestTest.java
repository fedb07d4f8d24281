package dev.vmreplay.engine.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.engine.RetainedHeap;
import dev.vmreplay.trace.LargePageRange;
import dev.vmreplay.trace.VmManifest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A 1 TiB guest (268M small pages, 524288 2 MiB large pages) costs the destination three bitmaps of one
 * bit per small page (landed, holes, mapped small; 32 MiB each) and, per large page, two bits (mapped
 * whole, whole at resume; one for backed) and two ints (landed and holes inside it). Landing one page in
 * every 512 allocates every bitmap chunk, the worst case for memory; the heap the host then holds is
 * measured, so a field of a byte or an int per small page (256 MiB or 1 GiB more) fails the test.
 */
class LargeGuestTest {
    @Test
    void oneTebibyteGuestHoldsOnlyItsBitmapsAndPerLargePageCounts() {
        long memory = 1L << 40;
        VmManifest guest = new VmManifest(memory, 64,
                List.of(new LargePageRange(0, memory, LargePageRange.PAGE_2M)), List.of(), 0, 0, Map.of(), false);
        long before = RetainedHeap.bytesAfterGc();
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
        long held = RetainedHeap.bytesAfterGc() - before;
        assertEquals(524288, host.postResumeFaults(), "one small-page fault per touched page: nothing was mapped whole");

        long largePages = host.sourceLargePages();
        long expected = RetainedHeap.bitmapBytes(pages, 3) + RetainedHeap.bitmapBytes(largePages, 3) + 2 * 4 * largePages;
        // Measured at about 2x: in the 2 GiB test heap G1's regions are 1 MiB, and a bitmap chunk (512 KiB of
        // longs plus the array header) is over half a region, so each is a humongous object taking a whole
        // region. A byte per small page would measure at about 4.5x.
        assertTrue(held >= expected / 2 && held <= 5 * expected / 2,
                "heap held by the host: " + held + " bytes, expected about " + expected
                        + " (3 bits per small page, 3 bits and 2 ints per large page)");
    }
}
