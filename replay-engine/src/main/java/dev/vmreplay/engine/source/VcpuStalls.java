package dev.vmreplay.engine.source;

/**
 * The guest's vCPUs as the source-side techniques see them: what they can do is make vCPUs lose time
 * while the guest runs (a trace install, a fire, a throttle sleep). Every stall given here counts as
 * guest stall before the stun.
 */
public interface VcpuStalls {
    /** vCPUs of the guest. */
    int vcpus();

    /** vCPU {@code vcpu} pauses for {@code nanos} from now. */
    void stallVcpu(int vcpu, long nanos);

    /** Every vCPU pauses for {@code nanos} from now. */
    void stallAll(long nanos);
}
