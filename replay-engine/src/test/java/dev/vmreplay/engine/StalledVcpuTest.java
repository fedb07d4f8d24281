package dev.vmreplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmreplay.engine.destination.DestinationModel;
import dev.vmreplay.engine.sriov.IoReplay;
import dev.vmreplay.trace.InMemoryMemoryTrace;
import dev.vmreplay.trace.IoTraceReader;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.VmManifest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stalled vCPU's events happen later; the others keep running. 16 pages, one page per microsecond,
 * 16 trace installs of 1 us done by vCPU 0 alone, so vCPU 0 stalls from 0 to 16 us.
 *
 * <pre>
 * t = 5 us  vCPU 1 writes page 15: happens at 5 us, inside pass 0 -> dirty
 * t = 5 us  vCPU 0 writes page 10: happens at 5 + 16 = 21 us
 * pass 0 ends at 16 us with {15} dirty: 1 us expected <= 1.5 us target -> stun, send page 15, resume at 17 us
 * vCPU 0's write now happens after resume (22 us, shifted by the 1 us stun): it is not migrated
 * </pre>
 */
class StalledVcpuTest {
    private static final long US = 1000;

    @Test
    void installingVcpuIsDelayedWhileTheOthersKeepRunning() {
        MemoryBatch rows = new MemoryBatch(4);
        rows.add(5 * US, 0, 10 * 4096, 8, MemoryBatch.OP_WRITE);
        rows.add(5 * US, 1, 15 * 4096, 8, MemoryBatch.OP_WRITE);
        VmManifest vm = Guests.manifest(16 * 4096, 2);
        Map<String, String> s = Guests.frictionless("4096000000B/s", "1500ns");
        s.put("trace.install-cost", "1us");
        s.put("trace.install-vcpus", "1");
        s.put("post-resume.window", "100us");
        TwoPassExampleTest.RecordingDestination dest = new TwoPassExampleTest.RecordingDestination();
        ReplayEngine engine = new ReplayEngine(new ModelFactory() {
            @Override
            public DestinationModel destination(MigrationConfig c, VmManifest m) {
                return dest;
            }

            @Override
            public IoReplay ioReplay(MigrationConfig c, java.util.function.Supplier<? extends IoTraceReader> t, VmManifest m) {
                throw new UnsupportedOperationException();
            }
        });

        RunResult r = engine.replay(new InMemoryMemoryTrace(rows, vm)::reopen, null, MigrationConfig.of(s), "stall");

        List<TwoPassExampleTest.Arrival> stun = dest.arrivals.stream().filter(TwoPassExampleTest.Arrival::duringStun).toList();
        assertEquals(List.of(new TwoPassExampleTest.Arrival(15, true, 17 * US)), stun);
        assertEquals(1, r.metrics().iterations());
        assertEquals(16 * US, r.metrics().guestStallVcpuNanos());
        assertEquals(1, r.metrics().traceFires());
        assertEquals(US, r.metrics().downtimeNanos());
    }

    @Test
    void stopBasedInstallDelaysEveryVcpu() {
        MemoryBatch rows = new MemoryBatch(4);
        rows.add(5 * US, 0, 10 * 4096, 8, MemoryBatch.OP_WRITE);
        rows.add(5 * US, 1, 15 * 4096, 8, MemoryBatch.OP_WRITE);
        VmManifest vm = Guests.manifest(16 * 4096, 2);
        Map<String, String> s = Guests.frictionless("4096000000B/s", "1500ns");
        s.put("trace.install-cost", "1us");
        s.put("trace.install-vcpus", "all");
        s.put("post-resume.window", "100us");
        RunResult r = new ReplayEngine(ModelFactory.IMMEDIATE).replay(new InMemoryMemoryTrace(rows, vm)::reopen, null,
                MigrationConfig.of(s), "stop");
        // both writes now happen at 21 us, after pass 0 ended with nothing dirty: stun at 16 us
        assertEquals(0, r.metrics().traceFires());
        assertEquals(2 * 16 * US, r.metrics().guestStallVcpuNanos());
        assertEquals(16, r.metrics().pagesSent());
    }
}
