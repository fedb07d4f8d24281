package dev.vmreplay.engine;

import dev.vmreplay.trace.VmManifest;
import java.util.Locale;

/**
 * The heap one replay of a guest holds, estimated from its manifest before the run starts, so a guest too large
 * for the JVM is refused with the heap to give instead of an OutOfMemoryError minutes in. The replay keeps a
 * few bits per 4 KiB page: six at the source (stale, zero, dirty, armed, to-send, ever-sent) and about three at
 * the destination, measured at 207 MB each for a 1 TiB guest by LargeGuestTest (G1 gives each 512 KiB bitmap
 * chunk a whole region under small heaps, doubling the destination's share). Two bytes per page covers both
 * with room; {@link #FIXED_BYTES} covers batches, queues and the JVM's own.
 */
final class HeapEstimate {
    static final long BYTES_PER_PAGE = 2;
    static final long FIXED_BYTES = 128L << 20;

    private HeapEstimate() {
    }

    /** Bytes of heap one replay of {@code vm} needs. */
    static long bytes(VmManifest vm) {
        return vm.smallPages() * BYTES_PER_PAGE + FIXED_BYTES;
    }

    /**
     * @throws IllegalArgumentException naming the guest, the heap it needs and the setting that gives it, when
     *     {@code maxHeapBytes} is smaller than the estimate
     */
    static void check(VmManifest vm, long maxHeapBytes) {
        long need = bytes(vm);
        if (need > maxHeapBytes) {
            long giveGib = (long) Math.ceil(need * 1.5 / (1L << 30));
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "a guest of %.1f GiB needs about %.1f GiB of heap for one replay and this JVM may use %.1f GiB: "
                            + "run with VMREPLAY_JAVA_OPTS=-Xmx%dg (per replay running at once)",
                    vm.memoryBytes() / (double) (1L << 30), need / (double) (1L << 30),
                    maxHeapBytes / (double) (1L << 30), giveGib));
        }
    }
}
