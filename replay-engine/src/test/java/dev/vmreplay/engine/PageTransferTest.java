package dev.vmreplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.engine.link.Link;
import dev.vmreplay.engine.source.Bitmap;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Page traffic worked by hand on an 8-page guest: a 1 GB/s link (1 ns per byte), 1 us latency, 8-byte
 * headers, 4-byte zero markers, one stream.
 */
class PageTransferTest {
    private static final Link LINK = new Link(1_000_000_000L, 1_000, 8, 4, 1, true);
    private static final long PAGE_WIRE = 4096 + 8;

    private final Bitmap zero = new Bitmap(8);
    private final Bitmap stale = new Bitmap(8);
    private final PassLog passes = new PassLog(0);
    private final List<Long> landed = new ArrayList<>();
    private final PageTransfer transfer = new PageTransfer(8, LINK, new ImmediateDestination() {
        @Override
        public long pageArrived(long page, boolean zeroMarker, boolean duringStun, long arrivalNanos) {
            landed.add(page);
            return arrivalNanos;
        }
    }, zero, stale, passes);

    PageTransferTest() {
        zero.set(2);
        stale.setAll();
        passes.begin(0, null);
        transfer.sender().startSegment(0, LINK.bandwidthBytesPerSec());
    }

    @Test
    void pagesMarkersResendsAndDeviceStateAreTimedAndCounted() {
        assertEquals(PAGE_WIRE, transfer.send(0, false));
        assertEquals(8 + 4, transfer.send(2, false)); // zero page: header + marker
        assertEquals(PAGE_WIRE, transfer.send(0, false)); // a resend
        assertEquals(2 * PAGE_WIRE + 12, transfer.sender().freeAtNanos());
        assertEquals(2 * PAGE_WIRE + 12 + 1_000, transfer.lastArrivalNanos());

        long deviceArrived = transfer.sendDeviceState(100);
        assertEquals(2 * PAGE_WIRE + 12 + 100 + 1_000, deviceArrived);
        assertEquals(2 * PAGE_WIRE + 12 + 1_000, transfer.lastArrivalNanos(), "device state is not a page");

        assertEquals(2, transfer.pagesSent());
        assertEquals(1, transfer.zeroPages());
        assertEquals(1, transfer.pagesResent());
        assertEquals(2 * PAGE_WIRE + 12 + 100, transfer.bytesSent());
        assertEquals(3, passes.pages());
        assertEquals(2 * PAGE_WIRE + 12 + 100, passes.bytes());
        assertEquals(List.of(0L, 2L, 0L), landed);
        assertFalse(stale.get(0));
        assertFalse(stale.get(2));
        assertTrue(stale.get(1), "pages not sent stay stale");
    }

    @Test
    void postcopyPushesWhatIsMissingInAddressOrderAndFetchesATouchedPageOnce() {
        transfer.send(0, false);
        transfer.send(2, false);
        Bitmap toSend = new Bitmap(8);
        toSend.set(0); // written again after its send: missing at the destination
        PostcopyPages postcopy = new PostcopyPages(transfer, toSend);
        landed.clear();

        // page 5 touched at 20 us: one round trip plus its transfer on the one stream
        assertEquals(2 * 1_000 + PAGE_WIRE, postcopy.touch(5, 20_000));
        assertEquals(0, postcopy.touch(5, 30_000), "fetched once");
        assertEquals(0, postcopy.touch(2, 30_000), "sent before the switch and not written since");

        transfer.sender().startSegment(30_000, LINK.bandwidthBytesPerSec());
        long next = postcopy.pushUntil(30_000 + 2 * PAGE_WIRE);
        assertEquals(List.of(5L, 0L, 1L, 3L), landed, "fetch, then pushes in address order while the sender is free");
        assertEquals(30_000 + 3 * PAGE_WIRE, next);
        assertTrue(postcopy.pushing());

        assertEquals(PostcopyPages.DONE, postcopy.pushUntil(Long.MAX_VALUE - 1));
        assertEquals(List.of(5L, 0L, 1L, 3L, 4L, 6L, 7L), landed);
        assertFalse(postcopy.pushing());
        assertEquals(-1, postcopy.valid().nextClearBit(0), "every page current at the destination");
        assertEquals(0, postcopy.touch(6, 90_000_000), "nothing fetched once pushing is over");
    }
}
