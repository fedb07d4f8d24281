package dev.vmreplay.engine.source;

/**
 * Stop-based tracing: every vCPU stops while the traces are installed (vMotion before vSphere 7.0 U1,
 * KVM's dirty-log write-protect under mmu_lock with every vCPU contending for it).
 */
final class AllVcpusInstall implements TraceInstall {
    @Override
    public void charge(long installs, long nanosEach, VcpuStalls vcpus) {
        long nanos = installs * nanosEach;
        if (nanos != 0) {
            vcpus.stallAll(nanos);
        }
    }
}
