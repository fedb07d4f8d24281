package dev.vmreplay.engine;

/**
 * One pre-copy pass (or the final stop-and-copy, {@code finalStopAndCopy = true}).
 *
 * @param pass 0-based pass number
 * @param startNanos pass start, ns since migration start
 * @param durationNanos pass duration
 * @param pagesSent pages sent in the pass (data pages and zero markers)
 * @param bytesSent bytes put on the link in the pass
 * @param dirtyPagesAtEnd pages dirty (to send next) when the pass ended
 * @param traceInstalls trace installs during the pass
 * @param traceFires trace fires during the pass
 * @param guestStallVcpuNanos guest vCPU stall during the pass
 * @param finalStopAndCopy true for the stop-and-copy inside the stun
 */
public record PassStats(
        int pass,
        long startNanos,
        long durationNanos,
        long pagesSent,
        long bytesSent,
        long dirtyPagesAtEnd,
        long traceInstalls,
        long traceFires,
        long guestStallVcpuNanos,
        boolean finalStopAndCopy) {
}
