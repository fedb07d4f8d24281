package dev.vmreplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vmreplay.engine.link.Link;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.VmManifest;
import org.junit.jupiter.api.Test;

/**
 * The integrity check at resume against real damage: a page written at the source after its last send
 * (the destination holds an old version), and a page never sent. Both must stop the run with
 * {@link IntegrityViolation} naming the page; a clean transfer must pass.
 */
class SourcePagesIntegrityTest {
    private static final long PAGES = 64;

    private final SourcePages source = new SourcePages(VmManifest.assumed(PAGES * 4096, 2));
    private final PageTransfer transfer = new PageTransfer(PAGES, new Link(1_000_000_000L, 1_000, 8, 4, 1, true),
            new ImmediateDestination(), source.zero, source.stale, new PassLog(0));

    SourcePagesIntegrityTest() {
        transfer.sender().startSegment(0, 1_000_000_000L);
        for (long p = 0; p < PAGES; p++) {
            source.write(p, p << 12, 4096, MemoryBatch.OP_WRITE); // every page has been written once
        }
    }

    private void sendAllBut(long skipped) {
        for (long p = 0; p < PAGES; p++) {
            if (p != skipped) {
                transfer.send(p, false);
            }
        }
    }

    @Test
    void everyPageSentAfterItsLastWritePassesTheCheck() {
        sendAllBut(-1);
        source.checkIntegrity(transfer.everSent(), "resume");
    }

    @Test
    void aWriteAfterThePageWasSentIsAnOldVersionAtTheDestination() {
        sendAllBut(-1);
        source.write(37, 37L << 12, 8, MemoryBatch.OP_WRITE); // a write the migration never saw
        IntegrityViolation e = assertThrows(IntegrityViolation.class,
                () -> source.checkIntegrity(transfer.everSent(), "resume"));
        assertEquals("integrity check failed at resume: page 37 (gpa 151552) was written at the source after its "
                + "last send; the destination holds an old version", e.getMessage());
    }

    @Test
    void aSkippedSendIsAPageThatNeverReachedTheDestination() {
        sendAllBut(12);
        IntegrityViolation e = assertThrows(IntegrityViolation.class,
                () -> source.checkIntegrity(transfer.everSent(), "resume"));
        assertEquals("integrity check failed at resume: page 12 (gpa 49152) never reached the destination",
                e.getMessage());
    }

    @Test
    void aResendAfterTheWriteMakesThePageCurrentAgain() {
        sendAllBut(-1);
        source.write(37, 37L << 12, 8, MemoryBatch.OP_WRITE);
        transfer.send(37, true);
        source.checkIntegrity(transfer.everSent(), "resume");
    }
}
