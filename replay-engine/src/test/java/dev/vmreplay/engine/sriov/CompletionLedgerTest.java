package dev.vmreplay.engine.sriov;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompletionLedgerTest {
    @Test
    void outOfOrderCompletionsWithinAQueueAreFine() {
        CompletionLedger ledger = new CompletionLedger();
        for (int i = 0; i < 3; i++) {
            ledger.fed(0, ledger.queued(0), 100 + i);
        }
        ledger.completed(0, 2, 102);
        ledger.completed(0, 0, 100);
        ledger.completed(0, 1, 101);
        ledger.verifyAllCompleted();
        assertEquals(3, ledger.completions());
    }

    @Test
    void aSecondCompletionThrowsNamingQueueAndRequest() {
        CompletionLedger ledger = new CompletionLedger();
        ledger.fed(3, ledger.queued(3), 42);
        ledger.fed(3, ledger.queued(3), 43);
        ledger.completed(3, 1, 43);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ledger.completed(3, 1, 43));
        assertTrue(e.getMessage().contains("queue 3") && e.getMessage().contains("req_id 43") && e.getMessage().contains("twice"), e.getMessage());
        ledger.completed(3, 0, 42);
        assertThrows(IllegalStateException.class, () -> ledger.completed(3, 0, 42));
    }

    @Test
    void feedingOutOfRingOrderThrows() {
        CompletionLedger ledger = new CompletionLedger();
        ledger.queued(1);
        ledger.queued(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ledger.fed(1, 1, 7));
        assertTrue(e.getMessage().contains("queue 1") && e.getMessage().contains("req_id 7"), e.getMessage());
    }

    @Test
    void completionBeforeFeedingAndMissingCompletionsThrow() {
        CompletionLedger ledger = new CompletionLedger();
        ledger.queued(0);
        assertThrows(IllegalStateException.class, () -> ledger.completed(0, 0, 9));
        ledger.fed(0, 0, 9);
        IllegalStateException e = assertThrows(IllegalStateException.class, ledger::verifyAllCompleted);
        assertTrue(e.getMessage().contains("queue 0"), e.getMessage());
    }
}
