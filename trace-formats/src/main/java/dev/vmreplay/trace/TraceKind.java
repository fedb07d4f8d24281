package dev.vmreplay.trace;

/** Which schema a trace file holds. */
public enum TraceKind {
    /** Memory access trace: t_ns, vcpu, gpa, len, op. */
    MEMORY,
    /** IO trace: t_ns, queue, req_id, op, offset, len, service_ns. */
    IO
}
