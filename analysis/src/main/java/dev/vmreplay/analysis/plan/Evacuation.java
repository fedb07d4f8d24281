package dev.vmreplay.analysis.plan;

import java.util.List;
import java.util.Objects;

/**
 * A fleet plan as a host evacuation: where each fleet row's VMs live and how many migrations may
 * leave one host at once. Without it a plan runs the fleet in waves sharing one link.
 *
 * @param placements one per fleet row, in fleet order
 * @param perHost migrations at once from one source host, >= 1; each gets {@code link / perHost}
 */
public record Evacuation(List<Placement> placements, int perHost) {
    /** KubeVirt's {@code parallelOutboundMigrationsPerNode} default. */
    public static final int DEFAULT_PER_HOST = 2;
    /** KubeVirt's {@code parallelMigrationsPerCluster} default. */
    public static final int DEFAULT_CONCURRENT = 5;

    public Evacuation {
        placements = List.copyOf(placements);
        if (perHost < 1) {
            throw new IllegalArgumentException("--per-host must be >= 1, was " + perHost);
        }
    }

    /**
     * One fleet row.
     *
     * @param vm the row's name (a VM, or a class of similar VMs)
     * @param sourceHost the host the VMs leave
     * @param count how many similar VMs the row's recording stands for, >= 1
     */
    public record Placement(String vm, String sourceHost, int count) {
        public Placement {
            Objects.requireNonNull(vm, "vm");
            Objects.requireNonNull(sourceHost, "sourceHost");
            if (count < 1) {
                throw new IllegalArgumentException("count must be >= 1, was " + count);
            }
        }
    }

    /** VMs the fleet stands for: the sum of the counts. */
    public long vmCount() {
        long n = 0;
        for (Placement p : placements) {
            n += p.count();
        }
        return n;
    }

    /** Source hosts in order of first appearance. */
    public List<String> hosts() {
        return placements.stream().map(Placement::sourceHost).distinct().toList();
    }
}
