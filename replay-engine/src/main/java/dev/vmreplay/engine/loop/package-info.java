/**
 * {@code trace.end = loop}: a recording shorter than the migration and its post-resume window is
 * replayed again and again, each copy shifted in time, so a short steady-state recording can stand
 * for a long-running guest. {@link dev.vmreplay.engine.loop.TraceCopies} keeps the arithmetic and
 * the limits shared by the memory and the IO trace.
 */
package dev.vmreplay.engine.loop;
