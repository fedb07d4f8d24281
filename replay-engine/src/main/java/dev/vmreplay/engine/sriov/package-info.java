/**
 * SR-IOV virtual functions during migration (DESIGN.md section 3, seed 3): the IO trace replayed
 * through per-queue request rings and a VF ({@link dev.vmreplay.engine.sriov.SriovIoReplay}), the
 * handover at switch-over as a small policy ({@link dev.vmreplay.engine.sriov.VfHandover}:
 * drain-during-stun or quiesce-before-stun), and the exactly-once, in-order check
 * ({@link dev.vmreplay.engine.sriov.CompletionLedger}). Built by {@link dev.vmreplay.engine.sriov.IoReplays}.
 */
package dev.vmreplay.engine.sriov;
