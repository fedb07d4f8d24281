/**
 * SR-IOV virtual functions during migration (DESIGN.md section 3, seed 3), built by
 * {@link dev.vmreplay.engine.sriov.IoReplays} as an {@link dev.vmreplay.engine.sriov.IoReplay}:
 * <ul>
 *   <li>{@link dev.vmreplay.engine.sriov.SriovIoReplay}: streams the IO trace (looping it when asked), runs
 *       submits, feeds and completions in time order, sequences stun and resume, measures latency.</li>
 *   <li>{@link dev.vmreplay.engine.sriov.RingFeeder}: the per-queue request rings
 *       ({@link dev.vmreplay.engine.sriov.RequestRing}), the requests in flight
 *       ({@link dev.vmreplay.engine.sriov.InFlightRequests}) and the path feeding them: VF, nothing, or the
 *       slower PF path.</li>
 *   <li>The handover at switch-over, one small class per {@code sriov.handover} value behind
 *       {@link dev.vmreplay.engine.sriov.VfHandover} ({@link dev.vmreplay.engine.sriov.DrainDuringStun},
 *       {@link dev.vmreplay.engine.sriov.QuiesceBeforeStun}), each owning its own state and steering the
 *       device only through {@link dev.vmreplay.engine.sriov.HandoverPort}.</li>
 *   <li>{@link dev.vmreplay.engine.sriov.CompletionLedger}: the exactly-once, in-ring-order check.</li>
 * </ul>
 */
package dev.vmreplay.engine.sriov;
