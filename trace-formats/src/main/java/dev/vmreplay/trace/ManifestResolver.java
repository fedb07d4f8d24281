package dev.vmreplay.trace;

import java.nio.file.Path;

/**
 * Decides which manifest a trace file is read with: the sidecar {@code <trace>.vm.json} when it
 * exists, else the JSON stored in the file under {@value VmManifest#METADATA_KEY}, else an assumed
 * one derived from the data (DESIGN.md section 2, "Missing manifest").
 */
public final class ManifestResolver {
    private ManifestResolver() {
    }

    /** What the data says about the machine, for an assumed manifest. */
    public interface DataExtent {
        /** Highest {@code gpa + len} of a memory trace (an upper bound is fine), or 0 when empty. */
        long memoryEndBytes();

        /** Highest vCPU index, or -1 when empty. */
        int maxVcpu();

        /** Highest IO queue index, or -1 when empty. */
        int maxQueue();

        static DataExtent of(long memoryEndBytes, int maxVcpu, int maxQueue) {
            return new DataExtent() {
                @Override
                public long memoryEndBytes() {
                    return memoryEndBytes;
                }

                @Override
                public int maxVcpu() {
                    return maxVcpu;
                }

                @Override
                public int maxQueue() {
                    return maxQueue;
                }
            };
        }
    }

    /**
     * @param storedJson manifest JSON stored inside the file, or null
     * @param extent computed only when no manifest exists (it may scan the file)
     */
    public static VmManifest resolve(Path file, String storedJson, TraceKind kind, ReadOptions options,
                                     java.util.function.Supplier<DataExtent> extent) {
        VmManifest sidecar = ManifestJson.readSidecar(file);
        if (sidecar != null) {
            return sidecar;
        }
        if (storedJson != null) {
            return ManifestJson.parse(storedJson, file, "manifest in metadata " + VmManifest.METADATA_KEY);
        }
        DataExtent e = extent.get();
        long memory = options.assumedMemoryBytes() > 0
                ? roundUpToPage(options.assumedMemoryBytes())
                : Math.max(VmManifest.SMALL_PAGE_BYTES, roundUpToPage(e.memoryEndBytes()));
        int vcpus = Math.max(1, e.maxVcpu() + 1);
        if (kind == TraceKind.IO) {
            return new VmManifest(memory, 1, java.util.List.of(), java.util.List.of(), Math.max(0, e.maxQueue() + 1), 0,
                    java.util.Map.of(), true);
        }
        return VmManifest.assumed(memory, vcpus);
    }

    private static long roundUpToPage(long bytes) {
        long page = VmManifest.SMALL_PAGE_BYTES;
        if (bytes > Long.MAX_VALUE - page) {
            return Long.MAX_VALUE / page * page;
        }
        return (bytes + page - 1) / page * page;
    }
}
