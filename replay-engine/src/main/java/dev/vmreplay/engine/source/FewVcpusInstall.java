package dev.vmreplay.engine.source;

/**
 * Traces installed by the first {@code k} vCPUs only (vSphere 7.0 U1 installs from one vCPU): they
 * serialise on the page-table lock, so each of them waits the whole install; the others keep running.
 */
final class FewVcpusInstall implements TraceInstall {
    private final int installingVcpus;

    FewVcpusInstall(int installingVcpus) {
        if (installingVcpus < 1) {
            throw new IllegalArgumentException("installing vCPUs must be >= 1, was " + installingVcpus);
        }
        this.installingVcpus = installingVcpus;
    }

    @Override
    public void charge(long installs, long nanosEach, VcpuStalls vcpus) {
        long nanos = installs * nanosEach;
        if (nanos == 0) {
            return;
        }
        for (int v = 0; v < installingVcpus; v++) {
            vcpus.stallVcpu(v, nanos);
        }
    }
}
