/**
 * {@code trace.end = loop}: a recording shorter than the migration and its post-resume window is
 * replayed again and again, each copy shifted in time, so a short steady-state recording can stand
 * for a long-running guest. {@link dev.vmreplay.engine.loop.LoopedRecording} is the lifecycle of a
 * looped recording's readers (open the next copy, check it describes the same machine, close it), shared
 * by the memory replay and {@link dev.vmreplay.engine.sriov.SriovIoReplay};
 * {@link dev.vmreplay.engine.loop.TraceCopies} keeps the arithmetic and the limits of the copies.
 */
package dev.vmreplay.engine.loop;
