package dev.vmreplay.engine.source;

import dev.vmreplay.engine.MigrationConfig;
import dev.vmreplay.engine.config.ConfigRegistry;

/**
 * Who pays for installing write traces ({@code trace.install-vcpus}, seed technique 1). Installs
 * serialise on the page-table lock (KVM's mmu_lock; vMotion before vSphere 7.0 U1 stopped every vCPU for
 * it), so each installing vCPU waits for the whole install while the others keep running.
 */
public interface TraceInstall {

    /** {@code installs} traces were just installed, at {@code nanosEach} each: stall the vCPUs that did it. */
    void charge(long installs, long nanosEach, VcpuStalls vcpus);

    /**
     * The policy the configuration asks for on a guest of {@code vcpus} vCPUs.
     *
     * @throws IllegalArgumentException naming {@code trace.install-vcpus} when the guest has fewer vCPUs
     */
    static TraceInstall forConfig(MigrationConfig config, int vcpus) {
        misfit(config, vcpus).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        long k = config.traces().installVcpus();
        if (k == ConfigRegistry.ALL_VCPUS || k == vcpus) {
            return new AllVcpusInstall();
        }
        return new FewVcpusInstall((int) k);
    }

    /**
     * Why {@code trace.install-vcpus} of {@code config} does not fit a guest of {@code vcpus} vCPUs, or empty when
     * it does: the one statement of the rule, for the replay and for checks made before any run (a sweep's grid).
     */
    static java.util.Optional<String> misfit(MigrationConfig config, int vcpus) {
        long k = config.traces().installVcpus();
        if (k == ConfigRegistry.ALL_VCPUS || k <= vcpus) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("configuration key 'trace.install-vcpus': invalid value '" + k
                + "' (the guest has " + vcpus + " vCPUs); allowed: 1.." + vcpus + " or all");
    }
}
