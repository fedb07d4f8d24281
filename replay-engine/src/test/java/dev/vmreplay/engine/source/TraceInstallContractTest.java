package dev.vmreplay.engine.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.engine.MigrationConfig;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every trace-install policy: the installing vCPUs each wait the whole install, the others run on. */
class TraceInstallContractTest {
    private static final int VCPUS = 8;

    /** Records the stalls a policy gives. */
    private static final class Recorded implements VcpuStalls {
        final long[] stall = new long[VCPUS];

        @Override
        public int vcpus() {
            return VCPUS;
        }

        @Override
        public void stallVcpu(int vcpu, long nanos) {
            stall[vcpu] += nanos;
        }

        @Override
        public void stallAll(long nanos) {
            for (int v = 0; v < VCPUS; v++) {
                stall[v] += nanos;
            }
        }
    }

    @ParameterizedTest(name = "trace.install-vcpus={0}")
    @ValueSource(strings = {"1", "3", "8", "all"})
    void eachInstallingVcpuWaitsTheWholeInstallAndTheOthersDoNot(String installVcpus) {
        TraceInstall policy = TraceInstall.forConfig(MigrationConfig.of(Map.of("trace.install-vcpus", installVcpus)), VCPUS);
        int k = installVcpus.equals("all") ? VCPUS : Integer.parseInt(installVcpus);
        Recorded r = new Recorded();
        policy.charge(1000, 20, r); // 1000 traces at 20 ns: 20 us
        long[] expected = new long[VCPUS];
        for (int v = 0; v < k; v++) {
            expected[v] = 20_000;
        }
        assertArrayEquals(expected, r.stall);
        Recorded none = new Recorded();
        policy.charge(0, 20, none);
        assertEquals(0, Stream.of(none.stall).flatMapToLong(java.util.Arrays::stream).sum(), "nothing installed, no stall");
    }

    @Test
    void moreInstallingVcpusThanTheGuestHasIsRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TraceInstall.forConfig(MigrationConfig.of(Map.of("trace.install-vcpus", "9")), VCPUS));
        assertTrue(e.getMessage().contains("trace.install-vcpus") && e.getMessage().contains("1..8"), e.getMessage());
    }
}
